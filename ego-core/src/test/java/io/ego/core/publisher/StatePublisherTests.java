package io.ego.core.publisher;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.core.EgoEngine;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.test.bank.Counter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.CounterBehavior.by;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * State publishers driven from the durable-state change feed: the latest state of every
 * entity arrives, revisions of an entity in increasing order, outages are outlasted,
 * poison states are dead-lettered.
 */
class StatePublisherTests {

	private static final ProjectionSettings FAST = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withParallelism(2)
		.withRecovery(RecoveryPolicy.RETRY_AND_SKIP, 2, Duration.ofMillis(5));

	/** A sink that can be down, and refuses a counter at 13 for good. */
	static final class Sink implements StatePublisher {

		final Map<String, List<Long>> revisions = new ConcurrentHashMap<>();

		final Map<String, Long> values = new ConcurrentHashMap<>();

		final AtomicBoolean down = new AtomicBoolean();

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public void publish(List<DurableStateEnvelope> states) throws Exception {
			this.calls.incrementAndGet();
			if (this.down.get()) {
				throw new IOException("broker unreachable");
			}
			for (DurableStateEnvelope envelope : states) {
				if (((Counter) envelope.state()).getValue() == 13) {
					throw new IllegalArgumentException("record too large");
				}
			}
			for (DurableStateEnvelope envelope : states) {
				assertThat(envelope.persistenceId()).isEqualTo("counter|" + envelope.entityId());
				this.revisions.computeIfAbsent(envelope.persistenceId(), (k) -> new CopyOnWriteArrayList<>())
					.add(envelope.revision());
				this.values.put(envelope.persistenceId(), ((Counter) envelope.state()).getValue());
			}
		}

		@Override
		public boolean isPoison(Exception failure) {
			return failure instanceof IllegalArgumentException;
		}

	}

	@Test
	void theLatestStateOfEveryEntityArrivesInRevisionOrderWhileWritersRun() throws Exception {
		Sink sink = new Sink();
		int entities = 40;
		int increments = 25;
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.encryption(EncryptionSettings.withMasterKey(LocalMasterKeyProvider.generateKey()))
			.durableState("counter", new CounterBehavior())
			.statePublisher("states", sink, FAST)
			.build(); var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> writers = new ArrayList<>();
			for (int e = 0; e < entities; e++) {
				String id = "c" + e;
				writers.add(executor.submit(() -> {
					for (int i = 0; i < increments; i++) {
						engine.entity(CounterBehavior.class, id).askAndWait(by(2));
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> sink.values.size() == entities
						&& sink.values.values().stream().allMatch((value) -> value == 2L * increments));
			sink.revisions.values().forEach((revisions) -> {
				assertThat(revisions).isSorted().doesNotHaveDuplicates();
				assertThat(revisions.get(revisions.size() - 1)).isEqualTo(increments);
			});
			assertThat(engine.projections().names()).contains("states");
			await().untilAsserted(() -> assertThat(engine.projections().status("states").lagEvents()).isZero());
		}
	}

	@Test
	void anOutageIsOutlasted() {
		Sink sink = new Sink();
		sink.down.set(true);
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.durableState("counter", new CounterBehavior())
			.statePublisher("states", sink, FAST)
			.build()) {
			for (int e = 0; e < 10; e++) {
				for (int i = 0; i < 3; i++) {
					engine.entity(CounterBehavior.class, "c" + e).askAndWait(by(1));
				}
			}
			await().until(() -> sink.calls.get() > 4);
			ProjectionStatus lagging = engine.projections().status("states");
			assertThat(lagging.state()).isEqualTo(ProjectionStatus.State.RUNNING);
			assertThat(lagging.lagEvents()).isPositive();
			sink.down.set(false);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> sink.values.size() == 10
						&& sink.values.values().stream().allMatch((value) -> value == 3L));
			// a batch read before the outage ended is sent again as read; later revisions
			// follow it
			sink.revisions.values().forEach((revisions) -> assertThat(revisions).isSorted().endsWith(3L));
			assertThat(engine.projections().deadLetters("states", 10)).isEmpty();
		}
	}

	@Test
	void aPoisonStateIsDeadLetteredAndLaterStatesFlow() {
		Sink sink = new Sink();
		InMemoryDurableStateStore store = new InMemoryDurableStateStore();
		try (EgoEngine engine = EgoEngine.builder()
			.durableStateStore(store)
			.inMemoryStores()
			.durableState("counter", new CounterBehavior())
			.statePublisher("states", sink, FAST)
			.build()) {
			engine.entity(CounterBehavior.class, "x").askAndWait(by(13));
			engine.entity(CounterBehavior.class, "y").askAndWait(by(1));
			await().until(() -> sink.values.containsKey("counter|y")
					&& !engine.projections().deadLetters("states", 10).isEmpty());
			assertThat(engine.projections().deadLetters("states", 10)).singleElement().satisfies((letter) -> {
				assertThat(letter.persistenceId()).isEqualTo("counter|x");
				assertThat(letter.sequenceNr()).isEqualTo(1);
				assertThat(letter.eventType()).isEqualTo(Counter.getDescriptor().getFullName());
				assertThat(letter.payload()).isEqualTo(Counter.newBuilder().setValue(13).build().toByteArray());
				assertThat(letter.attempts()).isEqualTo(3);
				assertThat(letter.cause()).contains("record too large");
			});
			engine.entity(CounterBehavior.class, "x").askAndWait(by(1));
			await().until(() -> Long.valueOf(14).equals(sink.values.get("counter|x")));
			assertThat(sink.revisions.get("counter|x")).containsExactly(2L);
		}
	}

	@Test
	void anEngineWithDurableStatesOnlyNeedsNoEventStore() {
		Sink sink = new Sink();
		try (EgoEngine engine = EgoEngine.builder()
			.durableStateStore(new InMemoryDurableStateStore())
			.offsetStore(new InMemoryOffsetStore())
			.deadLetterStore(new InMemoryDeadLetterStore())
			.durableState("counter", new CounterBehavior())
			.statePublisher("states", sink, FAST)
			.build()) {
			engine.askAndWait("counter", "solo", CounterBehavior.by(3));
			Awaitility.await().until(() -> sink.revisions.containsKey("counter|solo"));
			assertThat(sink.values.get("counter|solo")).isEqualTo(3);
		}
	}

}
