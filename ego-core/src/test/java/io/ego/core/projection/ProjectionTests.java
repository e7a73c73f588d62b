package io.ego.core.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntitySettings;
import io.ego.core.RetentionPolicy;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.test.bank.AccountCredited;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Projections driven from the journal: order, offsets, policies, dead letters, pause,
 * rebuild, lag, retention.
 */
class ProjectionTests {

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	private static final ProjectionSettings FAST = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withBufferSize(50);

	private EgoEngineBuilder builder() {
		return EgoEngine.builder()
			.eventStore(this.journal)
			.snapshotStore(new InMemorySnapshotStore())
			.offsetStore(this.offsets)
			.deadLetterStore(this.deadLetters)
			.eventSourced("account", new AccountBehavior());
	}

	private static void write(EgoEngine engine, int entities, int creditsEach) {
		for (int e = 0; e < entities; e++) {
			String id = "p-" + e;
			engine.entity(AccountBehavior.class, id).askAndWait(open(id, 0));
			for (int c = 1; c <= creditsEach; c++) {
				engine.entity(AccountBehavior.class, id).askAndWait(credit(id, c));
			}
		}
	}

	@Test
	void parallelWorkersDeliverEveryEventOnceInEntityOrder() {
		Map<String, List<Long>> seen = new ConcurrentHashMap<>();
		Projection recorder = (envelope) -> seen
			.computeIfAbsent(envelope.persistenceId(), (k) -> new CopyOnWriteArrayList<>())
			.add(envelope.sequenceNr());
		try (EgoEngine engine = builder().projection("recorder", recorder, FAST.withParallelism(4)).build()) {
			write(engine, 40, 10);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> seen.values().stream().mapToInt(List::size).sum() == 440);
			for (List<Long> sequence : seen.values()) {
				assertThat(sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
			}
			ProjectionStatus status = engine.projections().status("recorder");
			assertThat(status.workers()).hasSize(4)
				.extracting(ProjectionStatus.Worker::partition)
				.containsExactly("0-255", "256-511", "512-767", "768-1023");
			await().untilAsserted(() -> assertThat(engine.projections().status("recorder").lagEvents()).isZero());
			assertThat(engine.projections().status("recorder").lagTime()).isZero();
		}
	}

	@Test
	void restartResumesAfterTheCommittedOffset() {
		List<Long> positions = new CopyOnWriteArrayList<>();
		Projection recorder = (envelope) -> positions.add(envelope.position());
		try (EgoEngine engine = builder().projection("resume", recorder, FAST).build()) {
			write(engine, 3, 3);
			await().until(() -> positions.size() == 12);
			await().until(() -> engine.projections().status("resume").lagEvents() == 0);
		}
		try (EgoEngine engine = builder().projection("resume", recorder, FAST).build()) {
			write(engine, 1, 0); // p-0 already open: rejected, nothing written
			engine.entity(AccountBehavior.class, "new").askAndWait(open("new", 1));
			await().until(() -> positions.size() == 13);
			assertThat(positions).doesNotHaveDuplicates().isSorted();
		}
	}

	@Test
	void failPolicyStopsTheProjectionVisiblyBeforeTheFailingEvent() {
		List<Long> handled = new CopyOnWriteArrayList<>();
		Projection failing = (envelope) -> {
			if (envelope.event() instanceof AccountCredited credited && credited.getAmount() == 2) {
				throw new IllegalStateException("boom");
			}
			handled.add(envelope.sequenceNr());
		};
		try (EgoEngine engine = builder().projection("fails", failing, FAST).build()) {
			write(engine, 1, 3);
			await().until(() -> engine.projections().status("fails").state() == ProjectionStatus.State.FAILED);
			ProjectionStatus status = engine.projections().status("fails");
			assertThat(status.failure()).contains("boom").contains("account|p-0#3");
			assertThat(handled).containsExactly(1L, 2L);
			assertThat(status.workers().get(0).committedPosition()).isEqualTo(2);
			assertThat(status.lagEvents()).isEqualTo(2);
		}
	}

	@Test
	void aWorkersLagCountsTheUnhandledEventsOfItsOwnSlicesOnly() {
		String low = idInSlices(0, PersistedEvent.SLICE_COUNT / 2 - 1);
		String high = idInSlices(PersistedEvent.SLICE_COUNT / 2, PersistedEvent.SLICE_COUNT - 1);
		try (EgoEngine engine = builder().projection("lagging", (envelope) -> {
		}, FAST.withParallelism(2).withAutoStart(false)).build()) {
			engine.entity(AccountBehavior.class, low).askAndWait(AccountBehavior.open(low, 0));
			engine.entity(AccountBehavior.class, high).askAndWait(AccountBehavior.open(high, 0));
			// interleaved: every event of 'low' has one of 'high' after it
			for (int i = 1; i <= 5; i++) {
				engine.entity(AccountBehavior.class, high).askAndWait(AccountBehavior.credit(high, i));
				if (i <= 2) {
					engine.entity(AccountBehavior.class, low).askAndWait(AccountBehavior.credit(low, i));
				}
			}
			ProjectionStatus status = engine.projections().status("lagging");
			// positions 1..9: 'low' holds 3 of them, 'high' 6 (the old count, head -
			// oldest + 1, said 9 and 8)
			assertThat(status.workers()).extracting(ProjectionStatus.Worker::lagEvents).containsExactly(3L, 6L);
			assertThat(status.lagEvents()).isEqualTo(6);
		}
	}

	private static String idInSlices(int minSlice, int maxSlice) {
		for (int i = 0;; i++) {
			int slice = PersistedEvent.sliceOf("account|lag-" + i);
			if (slice >= minSlice && slice <= maxSlice) {
				return "lag-" + i;
			}
		}
	}

	@Test
	void retryAndSkipRetriesThenDeadLettersAndGoesOn() {
		AtomicInteger attempts = new AtomicInteger();
		AtomicBoolean broken = new AtomicBoolean(true);
		List<Long> handled = new CopyOnWriteArrayList<>();
		Projection flaky = (envelope) -> {
			if (envelope.event() instanceof AccountCredited credited && credited.getAmount() == 2 && broken.get()) {
				attempts.incrementAndGet();
				throw new IllegalStateException("read model down");
			}
			handled.add(envelope.sequenceNr());
		};
		ProjectionSettings settings = FAST.withRecovery(RecoveryPolicy.RETRY_AND_SKIP, 2, Duration.ofMillis(5));
		try (EgoEngine engine = builder().projection("skips", flaky, settings).build()) {
			write(engine, 1, 3);
			await().until(() -> handled.size() == 3);
			assertThat(handled).containsExactly(1L, 2L, 4L);
			assertThat(attempts.get()).isEqualTo(3);
			List<DeadLetter> letters = engine.projections().deadLetters("skips", 10);
			assertThat(letters).singleElement().satisfies((letter) -> {
				assertThat(letter.persistenceId()).isEqualTo("account|p-0");
				assertThat(letter.sequenceNr()).isEqualTo(3);
				assertThat(letter.attempts()).isEqualTo(3);
				assertThat(letter.cause()).contains("read model down");
			});
			assertThat(engine.projections().retryDeadLetter(letters.get(0).id())).isFalse();
			broken.set(false);
			assertThat(engine.projections().retryDeadLetter(letters.get(0).id())).isTrue();
			assertThat(handled).containsExactly(1L, 2L, 4L, 3L);
			assertThat(engine.projections().deadLetters("skips", 10)).isEmpty();
		}
	}

	@Test
	void pauseSurvivesARestartAndResumeCatchesUp() {
		List<Long> handled = new CopyOnWriteArrayList<>();
		Projection recorder = (envelope) -> handled.add(envelope.position());
		try (EgoEngine engine = builder().projection("paused", recorder, FAST).build()) {
			write(engine, 1, 1);
			await().until(() -> handled.size() == 2);
			engine.projections().pause("paused");
			assertThat(engine.projections().status("paused").state()).isEqualTo(ProjectionStatus.State.PAUSED);
		}
		try (EgoEngine engine = builder().projection("paused", recorder, FAST).build()) {
			engine.entity(AccountBehavior.class, "p-0").askAndWait(credit("p-0", 5));
			assertThat(engine.projections().status("paused").state()).isEqualTo(ProjectionStatus.State.PAUSED);
			await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> handled.size() == 2);
			assertThat(engine.projections().status("paused").lagEvents()).isEqualTo(1);
			engine.projections().resume("paused");
			await().until(() -> handled.size() == 3);
		}
	}

	@Test
	void rebuildReplaysFromTheBeginningAPositionOrATimestampWhileRunning() throws Exception {
		List<Long> handled = new CopyOnWriteArrayList<>();
		Projection recorder = (envelope) -> handled.add(envelope.position());
		try (EgoEngine engine = builder().projection("rebuilt", recorder, FAST).build()) {
			write(engine, 1, 4);
			await().until(() -> handled.size() == 5);
			handled.clear();
			assertThat(engine.projections().rebuild("rebuilt", RebuildFrom.beginning())).isZero();
			await().until(() -> handled.size() == 5);
			assertThat(handled).containsExactly(1L, 2L, 3L, 4L, 5L);
			handled.clear();
			engine.projections().rebuild("rebuilt", RebuildFrom.position(3));
			await().until(() -> handled.size() == 2);
			assertThat(handled).containsExactly(4L, 5L);
			// the cut lies strictly between the write times (milliseconds) of events 5
			// and 6
			long written = Instant.now().toEpochMilli();
			await().until(() -> Instant.now().toEpochMilli() > written);
			Instant cut = Instant.now();
			await().until(() -> Instant.now().toEpochMilli() > cut.toEpochMilli());
			engine.entity(AccountBehavior.class, "p-0").askAndWait(credit("p-0", 1));
			await().until(() -> handled.size() == 3);
			handled.clear();
			assertThat(engine.projections().rebuild("rebuilt", RebuildFrom.timestamp(cut))).isEqualTo(5);
			await().until(() -> handled.size() == 1);
			assertThat(handled).containsExactly(6L);
		}
	}

	@Test
	void lagInEventsAndTimeRisesWhileStoppedAndReturnsToZero() {
		List<Long> handled = new CopyOnWriteArrayList<>();
		Projection recorder = (envelope) -> handled.add(envelope.position());
		try (EgoEngine engine = builder().projection("lagging", recorder, FAST.withAutoStart(false)).build()) {
			write(engine, 2, 2);
			ProjectionStatus stopped = engine.projections().status("lagging");
			assertThat(stopped.state()).isEqualTo(ProjectionStatus.State.STOPPED);
			assertThat(stopped.lagEvents()).isEqualTo(6);
			await().until(() -> engine.projections().status("lagging").lagTime().toMillis() > 0);
			engine.projections().start("lagging");
			await().until(() -> handled.size() == 6);
			await().untilAsserted(() -> {
				ProjectionStatus caughtUp = engine.projections().status("lagging");
				assertThat(caughtUp.lagEvents()).isZero();
				assertThat(caughtUp.lagTime()).isZero();
			});
		}
	}

	@Test
	void retentionNeverDeletesWhatAProjectionHasNotHandled() {
		EntitySettings settings = EntitySettings.defaults()
			.withSnapshotInterval(5)
			.withRetention(new RetentionPolicy(true, true, 0));
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.snapshotStore(new InMemorySnapshotStore())
			.offsetStore(this.offsets)
			.eventSourced("account", new AccountBehavior(), settings)
			.projection("idle", (envelope) -> {
			}, FAST.withAutoStart(false))
			.build()) {
			write(engine, 1, 11);
			await().pollDelay(Duration.ofMillis(100)).until(() -> true);
			assertThat(this.journal.replay("account|p-0", 1, 100, 100)).hasSize(12);
			engine.projections().start("idle");
			await().until(() -> engine.projections().status("idle").lagEvents() == 0);
			// seq 13
			engine.entity(AccountBehavior.class, "p-0").askAndWait(credit("p-0", 1));
			for (int i = 0; i < 2; i++) {
				engine.entity(AccountBehavior.class, "p-0").askAndWait(credit("p-0", 1));
			}
			await().untilAsserted(() -> assertThat(this.journal.replay("account|p-0", 1, 100, 100).get(0).sequenceNr())
				.isGreaterThan(1));
		}
	}

	@Test
	void transactionalProjectionCommitsHandlerWritesWithTheOffsetAndIsolatesAFailingEvent() {
		List<Long> committed = new CopyOnWriteArrayList<>();
		ThreadLocal<List<Long>> open = new ThreadLocal<>();
		ProjectionTransactions transactions = new ProjectionTransactions() {
			@Override
			public <T> T inTransaction(Supplier<T> work) {
				List<Long> writes = new ArrayList<>();
				open.set(writes);
				try {
					T result = work.get();
					committed.addAll(writes); // commit
					return result;
				}
				finally {
					open.remove(); // rollback when work threw
				}
			}
		};
		Projection readModel = (envelope) -> {
			if (envelope.event() instanceof AccountCredited credited && credited.getAmount() == 2) {
				throw new IllegalStateException("constraint violated");
			}
			open.get().add(envelope.position());
		};
		try (EgoEngine engine = builder().projectionTransactions(transactions)
			.projection("tx", readModel,
					FAST.withTransactional(true).withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO))
			.build()) {
			write(engine, 1, 3);
			await().until(() -> engine.projections().status("tx").lagEvents() == 0);
			assertThat(committed).containsExactly(1L, 2L, 4L);
			assertThat(engine.projections().deadLetters("tx", 10)).hasSize(1);
		}
	}

	@Test
	void aNewProjectionStartingAtTheEndSkipsHistoryAndKeepsItsStartAcrossRestarts() {
		try (EgoEngine engine = builder().build()) {
			write(engine, 1, 2); // positions 1..3 exist before the projection
		}
		List<Long> handled = new CopyOnWriteArrayList<>();
		ProjectionSettings fromEnd = FAST.withStartFrom(ProjectionSettings.StartFrom.END);
		try (EgoEngine engine = builder().projection("recent", (envelope) -> handled.add(envelope.position()), fromEnd)
			.build()) {
			engine.entity(AccountBehavior.class, "p-0").askAndWait(credit("p-0", 1));
			await().until(() -> handled.size() == 1);
			assertThat(handled).containsExactly(4L);
		}
		try (EgoEngine engine = builder().projection("recent", (envelope) -> handled.add(envelope.position()), fromEnd)
			.build()) {
			engine.entity(AccountBehavior.class, "p-0").askAndWait(credit("p-0", 1));
			await().until(() -> handled.size() == 2);
			assertThat(handled).containsExactly(4L, 5L);
		}
	}

	@Test
	void misconfiguredProjectionsFailTheBuildNamingTheProjection() {
		assertThatThrownBy(() -> EgoEngine.builder().inMemoryStores().projection("x", (envelope) -> {
		}, FAST.withTransactional(true)).build()).isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("'x' is transactional");
		assertThatThrownBy(() -> EgoEngine.builder()
			.eventStore(new InMemoryEventStore())
			.offsetStore(new InMemoryOffsetStore())
			.projection("y", (envelope) -> {
			}, FAST.withRecovery(RecoveryPolicy.SKIP, 0, Duration.ZERO))
			.build()).isInstanceOf(EngineConfigurationException.class).hasMessageContaining("'y' skips");
		assertThatThrownBy(
				() -> EgoEngine.builder().eventStore(new InMemoryEventStore()).projection("z", (envelope) -> {
				}).build())
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("offset store");
		assertThatThrownBy(() -> ProjectionSettings.defaults().withParallelism(0))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("parallelism");
		assertThatThrownBy(() -> ProjectionSettings.defaults().withPullInterval(Duration.ZERO))
			.isInstanceOf(EngineConfigurationException.class)
			.hasMessageContaining("pull-interval");
	}

}
