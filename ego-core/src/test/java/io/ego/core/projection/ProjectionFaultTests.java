package io.ego.core.projection;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.core.v1.EntityErased;
import io.ego.test.bank.AccountCredited;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Projections when things go wrong: rolled-back batches, errors (not exceptions) in
 * handlers and readers, rebuilds past the head, and erasures racing dead letters.
 */
class ProjectionFaultTests {

	private static final ProjectionSettings FAST = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withBufferSize(50);

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private final InMemoryErasureStore erasures = new InMemoryErasureStore();

	private EgoEngineBuilder builder() {
		return EgoEngine.builder()
			.eventStore(this.journal)
			.snapshotStore(new InMemorySnapshotStore())
			.offsetStore(this.offsets)
			.deadLetterStore(this.deadLetters)
			.erasureStore(this.erasures)
			.eventSourced("account", new AccountBehavior());
	}

	private static void write(EgoEngine engine, String id, int credits) {
		engine.entity(AccountBehavior.class, id).askAndWait(open(id, 0));
		for (int c = 1; c <= credits; c++) {
			engine.entity(AccountBehavior.class, id).askAndWait(credit(id, c));
		}
	}

	@Test
	void aRolledBackBatchIsLoggedOnceAtWarnNamingTheEventAndCounted() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ProjectionTransactions transactions = new ProjectionTransactions() {
			@Override
			public <T> T inTransaction(Supplier<T> work) {
				return work.get();
			}
		};
		Projection readModel = (envelope) -> {
			if (envelope.event() instanceof AccountCredited credited && credited.getAmount() == 2) {
				throw new IllegalStateException("constraint violated");
			}
		};
		List<String> lines;
		try (EgoEngine engine = builder().meterRegistry(meters)
			.projectionTransactions(transactions)
			.projection("tx-log", readModel,
					FAST.withTransactional(true)
						.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO)
						.withAutoStart(false))
			.build()) {
			write(engine, "p-0", 3);
			lines = capturedStandardError(() -> {
				engine.projections().start("tx-log");
				await().until(() -> engine.projections().status("tx-log").lagEvents() == 0);
			});
			assertThat(engine.projections().deadLetters("tx-log", 10)).hasSize(1);
		}
		assertThat(lines)
			.filteredOn((line) -> line.contains("WARN") && line.contains("'tx-log'") && line.contains("batch"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("account|p-0#3")
				.contains("position 3")
				.contains("java.lang.IllegalStateException: constraint violated"));
		assertThat(meters.get("ego.projection.batches.failed").tag("ego.projection", "tx-log").counter().count())
			.isEqualTo(1);
	}

	@Test
	void anErrorInTheHandlerFailsTheProjectionVisibly() {
		Projection broken = (envelope) -> {
			if (envelope.event() instanceof AccountCredited) {
				throw new LinkageError("handler class broke");
			}
		};
		try (EgoEngine engine = builder().projection("errors", broken, FAST).build()) {
			write(engine, "p-0", 1);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> engine.projections().status("errors").state() == ProjectionStatus.State.FAILED);
			ProjectionStatus status = engine.projections().status("errors");
			assertThat(status.failure()).contains("java.lang.LinkageError: handler class broke")
				.contains("account|p-0#2");
			assertThat(status.workers().get(0).committedPosition()).isEqualTo(1);
		}
	}

	@Test
	void anErrorInTheHandlerUnderTheSkipPolicyDeadLettersTheEventAndGoesOn() {
		List<Long> handled = new CopyOnWriteArrayList<>();
		Projection broken = (envelope) -> {
			if (envelope.event() instanceof AccountCredited credited && credited.getAmount() == 1) {
				throw new LinkageError("handler class broke");
			}
			handled.add(envelope.position());
		};
		try (EgoEngine engine = builder()
			.projection("skips-errors", broken, FAST.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO))
			.build()) {
			write(engine, "p-0", 2);
			await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 2);
			assertThat(handled).containsExactly(1L, 3L);
			assertThat(engine.projections().deadLetters("skips-errors", 10)).singleElement()
				.satisfies((letter) -> assertThat(letter.cause()).contains("LinkageError"));
			assertThat(engine.projections().status("skips-errors").state()).isEqualTo(ProjectionStatus.State.RUNNING);
		}
	}

	@Test
	void anErrorReadingTheJournalFailsTheProjectionVisibly() {
		AtomicBoolean broken = new AtomicBoolean(true);
		ForwardingEventStore failing = new ForwardingEventStore(this.journal) {
			@Override
			public List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
				if (broken.get()) {
					throw new NoClassDefFoundError("io/ego/Missing");
				}
				return super.eventsAfter(afterPosition, minSlice, maxSlice, limit);
			}
		};
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(failing)
			.offsetStore(this.offsets)
			.eventSourced("account", new AccountBehavior())
			.projection("reader-errors", (envelope) -> {
			}, FAST)
			.build()) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> engine.projections().status("reader-errors").state() == ProjectionStatus.State.FAILED);
			assertThat(engine.projections().status("reader-errors").failure())
				.contains("java.lang.NoClassDefFoundError: io/ego/Missing");
			broken.set(false);
			engine.projections().start("reader-errors");
			assertThat(engine.projections().status("reader-errors").state()).isEqualTo(ProjectionStatus.State.RUNNING);
		}
	}

	@Test
	void rebuildingFromAPositionPastTheHeadIsRejectedNamingThePositionAndTheHead() {
		List<Long> handled = new CopyOnWriteArrayList<>();
		try (EgoEngine engine = builder().projection("rebuilt", (envelope) -> handled.add(envelope.position()), FAST)
			.build()) {
			write(engine, "p-0", 3);
			await().until(() -> handled.size() == 4);

			assertThatExceptionOfType(InvalidRebuildPositionException.class)
				.isThrownBy(() -> engine.projections().rebuild("rebuilt", RebuildFrom.position(1200)))
				.withMessageContaining("'rebuilt'")
				.withMessageContaining("position 1200")
				.withMessageContaining("head is 4")
				.satisfies((ex) -> {
					assertThat(ex.position()).isEqualTo(1200);
					assertThat(ex.headPosition()).isEqualTo(4);
				});
			assertThatExceptionOfType(InvalidRebuildPositionException.class)
				.isThrownBy(() -> engine.projections().rebuild("rebuilt", RebuildFrom.position(-1)))
				.withMessageContaining("-1");

			engine.entity(AccountBehavior.class, "p-0").askAndWait(credit("p-0", 9));
			await().until(() -> handled.size() == 5);
			assertThat(handled).containsExactly(1L, 2L, 3L, 4L, 5L);
			assertThat(engine.projections().rebuild("rebuilt", RebuildFrom.position(5))).isEqualTo(5);
		}
	}

	@Test
	void anEventErasedWhileItsHandlerRetriesIsNotDeadLettered() throws Exception {
		CountDownLatch inHandler = new CountDownLatch(1);
		CountDownLatch erased = new CountDownLatch(1);
		AtomicInteger attempts = new AtomicInteger();
		Projection failing = (envelope) -> {
			if (envelope.persistenceId().equals("account|x")) {
				if (attempts.incrementAndGet() == 1) {
					inHandler.countDown();
					assertThat(erased.await(10, TimeUnit.SECONDS)).isTrue();
				}
				throw new IllegalStateException("read model refuses " + envelope.event());
			}
		};
		try (EgoEngine engine = builder()
			.projection("erasing", failing, FAST.withRecovery(RecoveryPolicy.RETRY_AND_SKIP, 1, Duration.ZERO))
			.build()) {
			engine.entity(AccountBehavior.class, "x").askAndWait(open("x", 7));
			assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
			engine.eraseEntity("account", "x");
			erased.countDown();
			await().until(() -> engine.projections().status("erasing").lagEvents() == 0);
			assertThat(attempts.get()).isEqualTo(2);
			assertThat(this.deadLetters.list("erasing", 10)).isEmpty();
		}
	}

	@Test
	void aDeadLetterStoredWhileItsEntityIsErasedIsDeletedAfterwards() throws Exception {
		CountDownLatch adding = new CountDownLatch(1);
		CountDownLatch erased = new CountDownLatch(1);
		DeadLetterStore slow = new ForwardingDeadLetterStore(this.deadLetters) {
			@Override
			public DeadLetter add(DeadLetter deadLetter) {
				adding.countDown();
				awaitLatch(erased);
				return super.add(deadLetter);
			}
		};
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.offsetStore(this.offsets)
			.deadLetterStore(slow)
			.erasureStore(this.erasures)
			.eventSourced("account", new AccountBehavior())
			.projection("erasing", (envelope) -> {
				if (!(envelope.event() instanceof EntityErased)) {
					throw new IllegalStateException("read model refuses " + envelope.event());
				}
			}, FAST.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO))
			.build()) {
			engine.entity(AccountBehavior.class, "x").askAndWait(open("x", 7));
			assertThat(adding.await(10, TimeUnit.SECONDS)).isTrue();
			engine.eraseEntity("account", "x");
			erased.countDown();
			await().until(() -> engine.projections().status("erasing").lagEvents() == 0);
			await().untilAsserted(() -> assertThat(this.deadLetters.list("erasing", 10)).isEmpty());
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Runs an action while capturing what the test logger (slf4j-simple) writes to
	 * standard error.
	 */
	static List<String> capturedStandardError(Runnable action) {
		PrintStream original = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			action.run();
		}
		finally {
			System.setErr(original);
		}
		String text = captured.toString(StandardCharsets.UTF_8);
		original.print(text);
		return new ArrayList<>(Arrays.asList(text.split("\\R")));
	}

	/**
	 * A {@link DeadLetterStore} forwarding every call; tests override what they alter.
	 */
	abstract static class ForwardingDeadLetterStore implements DeadLetterStore {

		private final DeadLetterStore delegate;

		ForwardingDeadLetterStore(DeadLetterStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public DeadLetter add(DeadLetter deadLetter) {
			return this.delegate.add(deadLetter);
		}

		@Override
		public List<DeadLetter> list(String consumer, int limit) {
			return this.delegate.list(consumer, limit);
		}

		@Override
		public @Nullable DeadLetter get(long id) {
			return this.delegate.get(id);
		}

		@Override
		public void delete(long id) {
			this.delegate.delete(id);
		}

		@Override
		public long count(String consumer) {
			return this.delegate.count(consumer);
		}

		@Override
		public int deleteByPersistenceId(String persistenceId, Collection<String> consumers) {
			return this.delegate.deleteByPersistenceId(persistenceId, consumers);
		}

	}

}
