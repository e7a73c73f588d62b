package io.ego.core.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.Offset;
import io.ego.core.store.StoreException;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Offsets are compare-and-set: an ambiguous commit, a stray writer or a second engine on
 * the same stores cannot apply a batch twice or move an offset backwards.
 */
class ProjectionOffsetTests {

	private static final ProjectionSettings FAST = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withBufferSize(50);

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private EgoEngineBuilder builder() {
		return EgoEngine.builder()
			.eventStore(this.journal)
			.offsetStore(this.offsets)
			.deadLetterStore(this.deadLetters)
			.eventSourced("account", new AccountBehavior());
	}

	private static void write(EgoEngine engine, String id, int credits) {
		engine.entity(AccountBehavior.class, id).askAndWait(open(id, 0));
		for (int c = 1; c <= credits; c++) {
			engine.entity(AccountBehavior.class, id).askAndWait(credit(id, c));
		}
	}

	@Test
	void aCommitWhoseOutcomeIsUnknownDoesNotApplyTheBatchTwice() {
		List<Long> readModel = new CopyOnWriteArrayList<>();
		ThreadLocal<List<Long>> open = new ThreadLocal<>();
		AtomicBoolean dropReply = new AtomicBoolean(true);
		ProjectionTransactions transactions = new ProjectionTransactions() {
			@Override
			public <T> T inTransaction(Supplier<T> work) {
				List<Long> writes = new ArrayList<>();
				open.set(writes);
				try {
					T result = work.get();
					readModel.addAll(writes); // committed...
					if (!writes.isEmpty() && dropReply.compareAndSet(true, false)) {
						// ...but the connection drops before the database's answer
						// arrives
						throw new StoreException("connection reset while committing");
					}
					return result;
				}
				finally {
					open.remove();
				}
			}
		};
		try (EgoEngine engine = builder().projectionTransactions(transactions)
			.projection("ambiguous", (envelope) -> open.get().add(envelope.position()),
					FAST.withTransactional(true).withAutoStart(false))
			.build()) {
			write(engine, "a", 4);
			engine.projections().start("ambiguous");
			await().until(() -> engine.projections().status("ambiguous").lagEvents() == 0 && !dropReply.get());
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 9));
			await().until(() -> readModel.contains(6L));
			assertThat(readModel).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		}
	}

	@Test
	void aWorkerWhoseOffsetMovedMeanwhileDoesNotMoveItBackwards() throws Exception {
		List<Long> handled = new CopyOnWriteArrayList<>();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch released = new CountDownLatch(1);
		Projection handler = (envelope) -> {
			if (envelope.position() == 3) {
				entered.countDown();
				assertThat(released.await(30, TimeUnit.SECONDS)).isTrue();
			}
			handled.add(envelope.position());
		};
		try (EgoEngine engine = builder().projection("moved", handler, FAST.withBufferSize(1).withAutoStart(false))
			.build()) {
			write(engine, "a", 5); // positions 1..6
			engine.projections().start("moved");
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			// meanwhile another writer (a stray thread, another instance) committed up to
			// 5
			this.offsets.save(new Offset("moved", "0-1023", 5, Instant.now()));
			released.countDown();

			await().until(() -> handled.contains(6L));
			assertThat(handled).containsExactly(1L, 2L, 3L, 6L);
			await().until(() -> this.offsets.get("moved", "0-1023").position() == 6);
		}
	}

	@Test
	void twoEnginesOnTheSameStoresHandleEachEventOnce() {
		Map<String, List<String>> handledBy = new ConcurrentHashMap<>();
		try (EgoEngine first = builder()
			.projection("shared",
					(envelope) -> handledBy.computeIfAbsent(envelope.persistenceId() + "#" + envelope.sequenceNr(),
							(k) -> new CopyOnWriteArrayList<>())
						.add("first"),
					FAST.withParallelism(4))
			.build();
				EgoEngine second = builder()
					.projection("shared",
							(envelope) -> handledBy
								.computeIfAbsent(envelope.persistenceId() + "#" + envelope.sequenceNr(),
										(k) -> new CopyOnWriteArrayList<>())
								.add("second"),
							FAST.withParallelism(4))
					.build()) {
			for (int i = 0; i < 20; i++) {
				write((i % 2 == 0) ? first : second, "e-" + i, 2);
			}
			await().until(() -> handledBy.size() == 60 && first.projections().status("shared").lagEvents() == 0
					&& second.projections().status("shared").lagEvents() == 0);
			assertThat(handledBy.values()).allSatisfy((instances) -> assertThat(instances).hasSize(1));
		}
	}

}
