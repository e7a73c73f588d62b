package io.ego.core.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.test.bank.AccountCredited;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operations on running projections: one thread per worker whatever the operator does
 * while a handler is busy, and dead-letter retries serialized with the worker and run in
 * the projection's transaction.
 */
class ProjectionLifecycleTests {

	private static final ProjectionSettings FAST = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withBufferSize(50);

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	/** An entity id whose slice lies in a range. */
	static String idInSlices(String prefix, int minSlice, int maxSlice) {
		for (int i = 0;; i++) {
			int slice = PersistedEvent.sliceOf("account|" + prefix + i);
			if (slice >= minSlice && slice <= maxSlice) {
				return prefix + i;
			}
		}
	}

	private EgoEngineBuilder builder() {
		return EgoEngine.builder()
			.eventStore(this.journal)
			.offsetStore(this.offsets)
			.deadLetterStore(this.deadLetters)
			.eventSourced("account", new AccountBehavior());
	}

	/**
	 * A handler whose worker of slices 0-511 blocks on its first event until released,
	 * and whose worker of slices 512-1023 fails once; it records what it handled and how
	 * many calls ran at once in each range.
	 */
	private static final class BlockingHandler implements Projection {

		final String low = idInSlices("low-", 0, 511);

		final String high = idInSlices("high-", 512, 1023);

		final CountDownLatch lowEntered = new CountDownLatch(1);

		final CountDownLatch lowReleased = new CountDownLatch(1);

		final AtomicBoolean failHigh = new AtomicBoolean();

		final AtomicBoolean blockLow = new AtomicBoolean(true);

		final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

		final AtomicInteger mostAtOnce = new AtomicInteger();

		final List<String> handled = new CopyOnWriteArrayList<>();

		@Override
		public void handle(EventEnvelope envelope) throws Exception {
			String range = (envelope.slice() <= 511) ? "low" : "high";
			AtomicInteger running = this.inFlight.computeIfAbsent(range, (k) -> new AtomicInteger());
			this.mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
			try {
				if (envelope.entityId().equals(this.low) && this.blockLow.compareAndSet(true, false)) {
					this.lowEntered.countDown();
					assertThat(this.lowReleased.await(30, TimeUnit.SECONDS)).isTrue();
				}
				if (envelope.entityId().equals(this.high) && this.failHigh.compareAndSet(true, false)) {
					throw new IllegalStateException("read model down");
				}
				this.handled.add(envelope.persistenceId() + "#" + envelope.sequenceNr());
			}
			finally {
				running.decrementAndGet();
			}
		}

	}

	private static Thread operate(Runnable operation) {
		return Thread.ofPlatform().name("operator").start(operation);
	}

	/**
	 * Waits until the operator thread is parked without a time limit (or has returned,
	 * which the caller rejects).
	 */
	private static void awaitParkedOrDone(Thread operator) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> operator.getState() == Thread.State.WAITING || operator.getState() == Thread.State.TERMINATED);
	}

	@Test
	void startingAFailedProjectionWaitsForTheWorkerStillInItsHandler() throws Exception {
		BlockingHandler handler = new BlockingHandler();
		try (EgoEngine engine = builder().projection("twice", handler, FAST.withParallelism(2)).build()) {
			engine.entity(AccountBehavior.class, handler.low).askAndWait(open(handler.low, 0));
			assertThat(handler.lowEntered.await(10, TimeUnit.SECONDS)).isTrue();
			handler.failHigh.set(true);
			engine.entity(AccountBehavior.class, handler.high).askAndWait(open(handler.high, 0));
			await().until(() -> engine.projections().status("twice").state() == ProjectionStatus.State.FAILED);

			Thread operator = operate(() -> engine.projections().start("twice"));
			awaitParkedOrDone(operator);
			assertThat(operator.getState()).as("start() while a worker is in its handler")
				.isEqualTo(Thread.State.WAITING);

			handler.lowReleased.countDown();
			operator.join(Duration.ofSeconds(10));
			assertThat(operator.isAlive()).isFalse();
			assertThat(engine.projections().status("twice").state()).isEqualTo(ProjectionStatus.State.RUNNING);
			for (int i = 1; i <= 5; i++) {
				engine.entity(AccountBehavior.class, handler.low).askAndWait(credit(handler.low, i));
				engine.entity(AccountBehavior.class, handler.high).askAndWait(credit(handler.high, i));
			}
			await().until(() -> handler.handled.size() == 12);
			assertThat(handler.handled).doesNotHaveDuplicates();
			assertThat(handler.mostAtOnce.get()).isEqualTo(1);
		}
	}

	@Test
	void stoppingWaitsForTheBatchInFlightWithoutATimeLimit() throws Exception {
		BlockingHandler handler = new BlockingHandler();
		try (EgoEngine engine = builder().projection("stopped", handler, FAST.withParallelism(2)).build()) {
			engine.entity(AccountBehavior.class, handler.low).askAndWait(open(handler.low, 0));
			assertThat(handler.lowEntered.await(10, TimeUnit.SECONDS)).isTrue();

			Thread operator = operate(() -> engine.projections().stop("stopped"));
			awaitParkedOrDone(operator);
			assertThat(operator.getState()).as("stop() while a worker is in its handler")
				.isEqualTo(Thread.State.WAITING);

			handler.lowReleased.countDown();
			operator.join(Duration.ofSeconds(10));
			assertThat(operator.isAlive()).isFalse();
			assertThat(engine.projections().status("stopped").state()).isEqualTo(ProjectionStatus.State.STOPPED);
			assertThat(handler.handled).containsExactly("account|" + handler.low + "#1");
		}
	}

	@Test
	void rebuildingWaitsForTheBatchInFlightWithoutATimeLimit() throws Exception {
		BlockingHandler handler = new BlockingHandler();
		try (EgoEngine engine = builder().projection("rebuilt", handler, FAST.withParallelism(2)).build()) {
			engine.entity(AccountBehavior.class, handler.low).askAndWait(open(handler.low, 0));
			assertThat(handler.lowEntered.await(10, TimeUnit.SECONDS)).isTrue();

			Thread operator = operate(() -> engine.projections().rebuild("rebuilt", RebuildFrom.beginning()));
			awaitParkedOrDone(operator);
			assertThat(operator.getState()).as("rebuild() while a worker is in its handler")
				.isEqualTo(Thread.State.WAITING);

			handler.lowReleased.countDown();
			operator.join(Duration.ofSeconds(10));
			assertThat(operator.isAlive()).isFalse();
			String opened = "account|" + handler.low + "#1";
			await().until(() -> handler.handled.size() == 2);
			assertThat(handler.handled).containsExactly(opened, opened);
			assertThat(handler.mostAtOnce.get()).isEqualTo(1);
		}
	}

	@Test
	void aDeadLetterIsRetriedInTheProjectionsTransactionAfterTheWorkersBatch() throws Exception {
		ThreadLocal<List<Long>> open = new ThreadLocal<>();
		List<Long> readModel = new CopyOnWriteArrayList<>();
		ProjectionTransactions transactions = new ProjectionTransactions() {
			@Override
			public <T> T inTransaction(Supplier<T> work) {
				List<Long> writes = new ArrayList<>();
				open.set(writes);
				try {
					T result = work.get();
					readModel.addAll(writes); // commit
					return result;
				}
				finally {
					open.remove(); // rollback when work threw
				}
			}
		};
		AtomicBoolean broken = new AtomicBoolean(true);
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		CountDownLatch blockedEntered = new CountDownLatch(1);
		CountDownLatch blockedReleased = new CountDownLatch(1);
		Projection handler = (envelope) -> {
			mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			try {
				if (envelope.event() instanceof AccountCredited credited) {
					if (credited.getAmount() == 2 && broken.get()) {
						throw new IllegalStateException("constraint violated");
					}
					if (credited.getAmount() == 5) {
						blockedEntered.countDown();
						assertThat(blockedReleased.await(30, TimeUnit.SECONDS)).isTrue();
					}
				}
				open.get().add(envelope.position());
			}
			finally {
				inFlight.decrementAndGet();
			}
		};
		List<Boolean> deletedInTransaction = new CopyOnWriteArrayList<>();
		ProjectionFaultTests.ForwardingDeadLetterStore letters = new ProjectionFaultTests.ForwardingDeadLetterStore(
				this.deadLetters) {
			@Override
			public void delete(long id) {
				deletedInTransaction.add(open.get() != null);
				super.delete(id);
			}
		};
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.offsetStore(this.offsets)
			.deadLetterStore(letters)
			.eventSourced("account", new AccountBehavior())
			.projectionTransactions(transactions)
			.projection("retried", handler,
					FAST.withTransactional(true).withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO))
			.build()) {
			// position 1
			engine.entity(AccountBehavior.class, "a").askAndWait(open("a", 0));
			// position 2, dead-lettered
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 2));
			await().until(() -> engine.projections().deadLetters("retried", 10).size() == 1);
			DeadLetter letter = engine.projections().deadLetters("retried", 10).get(0);
			broken.set(false);
			// position 3, blocks its worker
			engine.entity(AccountBehavior.class, "a").askAndWait(credit("a", 5));
			assertThat(blockedEntered.await(10, TimeUnit.SECONDS)).isTrue();

			List<Boolean> retried = new CopyOnWriteArrayList<>();
			Thread operator = operate(() -> retried.add(engine.projections().retryDeadLetter(letter.id())));
			awaitParkedOrDone(operator);
			assertThat(operator.getState()).as("retry while the worker handles the letter's slice")
				.isEqualTo(Thread.State.WAITING);

			blockedReleased.countDown();
			operator.join(Duration.ofSeconds(10));
			assertThat(retried).containsExactly(true);
			assertThat(mostAtOnce.get()).isEqualTo(1);
			assertThat(readModel).containsExactly(1L, 3L, 2L);
			assertThat(deletedInTransaction).containsExactly(true);
			assertThat(engine.projections().deadLetters("retried", 10)).isEmpty();
		}
	}

}
