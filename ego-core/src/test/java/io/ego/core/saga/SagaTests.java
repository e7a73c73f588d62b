package io.ego.core.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Message;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.TimerClaim;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySagaIndexStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.core.v1.EntityErased;
import io.ego.test.bank.Account;
import io.ego.test.bank.StartTransfer;
import io.ego.test.bank.Transfer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The saga contract on in-memory stores shared by the engines of a test, and what only a
 * single in-memory engine needs to show.
 */
class SagaTests extends SagaEngineContract {

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryTimerStore timers = new InMemoryTimerStore();

	private final InMemorySagaIndexStore index = new InMemorySagaIndexStore();

	@Override
	protected EventStore journal() {
		return this.journal;
	}

	@Override
	protected EgoEngineBuilder sharedStores(EgoEngineBuilder builder) {
		return builder.snapshotStore(this.snapshots)
			.offsetStore(this.offsets)
			.timerStore(this.timers)
			.sagaIndexStore(this.index);
	}

	@Test
	void aBehaviourThatThrowsFailsItsInstanceWithTheReason() {
		EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.saga("transfer", new TransferSaga() {
				@Override
				public SagaReaction<Transfer> onStart(Message start, Transfer state, SagaContext context) {
					throw new IllegalStateException("boom");
				}
			}, FAST)
			.build();
		closedAfterTheTest(engine);

		SagaInstance<?> failed = engine.sagas()
			.start("transfer", "t1", StartTransfer.newBuilder().setFrom("a").setTo("b").setAmount(1).build())
			.join();

		assertThat(failed.status()).isEqualTo(SagaStatus.FAILED);
		assertThat(failed.reason()).contains("threw on start", "boom");
	}

	@Test
	void aSagasReaderAndDispatcherCannotBeRebuilt() {
		EgoEngine engine = closedAfterTheTest(EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.saga("transfer", new TransferSaga(), FAST)
			.build());

		for (String projection : List.of("saga.transfer.reader", "saga.transfer.dispatcher")) {
			assertThatThrownBy(() -> engine.projections().rebuild(projection, RebuildFrom.beginning()))
				.isInstanceOf(UnsupportedOperationException.class)
				.hasMessageContaining("'" + projection + "' runs saga 'transfer'");
			assertThatThrownBy(() -> engine.projections().rebuildBlueGreen(projection, RebuildFrom.beginning()))
				.isInstanceOf(UnsupportedOperationException.class)
				.hasMessageContaining("cannot be rebuilt");
		}
		assertThat(engine.projections().names()).contains("saga.transfer.reader", "saga.transfer.dispatcher");
	}

	@Test
	void aTwoStepTransferCostsTheSagaAtMostFiveWritesBesidesItsTwoCommands() {
		AtomicInteger sagaAppends = new AtomicInteger();
		AtomicInteger timerWrites = new AtomicInteger();
		EventStore counting = new ForwardingEventStore(this.journal) {
			@Override
			public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
				if (persistenceId.startsWith("saga.")) {
					sagaAppends.incrementAndGet();
				}
				super.append(persistenceId, expectedSequenceNr, events);
			}
		};
		EgoEngine engine = closedAfterTheTest(EgoEngine.builder()
			.eventStore(counting)
			.timerStore(new CountingTimerStore(this.timers, timerWrites))
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.saga("transfer", new TransferSaga(), FAST.withStepTimeout(Duration.ofSeconds(30)))
			.build());
		int transfers = 20;
		for (int i = 0; i < transfers; i++) {
			assertThat(engine.entity("account", "a" + i).askAndWait(AccountBehavior.open("a" + i, 100)).isAccepted())
				.isTrue();
			assertThat(engine.entity("account", "b" + i).askAndWait(AccountBehavior.open("b" + i, 0)).isAccepted())
				.isTrue();
		}
		for (int i = 0; i < transfers; i++) {
			String id = "t" + i;
			engine.sagas()
				.start("transfer", id, StartTransfer.newBuilder().setFrom("a" + i).setTo("b" + i).setAmount(5).build())
				.join();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.sagas().status("transfer", id).status() == SagaStatus.COMPLETED);
		}
		// the start, the two outcomes (each with the next step or the completion), the
		// step watch scheduled once and its timers removed at the end (in one write when
		// the dispatcher reads both in one batch: the steps are sent on the writes'
		// replies, so a transfer may end before the dispatcher reads its start)
		await().atMost(Duration.ofSeconds(10))
			.until(() -> engine.sagas().counts("transfer").getOrDefault(SagaStatus.COMPLETED, 0L) == transfers);
		assertThat(sagaAppends.get()).isEqualTo(3 * transfers);
		assertThat(timerWrites.get()).isBetween(1, 2 * transfers);
		assertThat(this.timers.countDue("saga.transfer", Instant.now().plus(Duration.ofDays(1)))).as("no timer left")
			.isZero();
	}

	@Test
	void aStartedInstanceIsNotReadFromTheStoresBeforeItsFirstWrite() {
		AtomicInteger sagaReads = new AtomicInteger();
		AtomicInteger accountReads = new AtomicInteger();
		EventStore counting = new ForwardingEventStore(this.journal) {
			@Override
			public List<PersistedEvent> replayForRecovery(String persistenceId, long fromSequenceNr, long toSequenceNr,
					int limit) {
				(persistenceId.startsWith("saga.") ? sagaReads : accountReads).incrementAndGet();
				return super.replayForRecovery(persistenceId, fromSequenceNr, toSequenceNr, limit);
			}
		};
		EgoEngine engine = closedAfterTheTest(EgoEngine.builder()
			.eventStore(counting)
			.timerStore(this.timers)
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.saga("transfer", new TransferSaga(), FAST.withStepTimeout(Duration.ofSeconds(30)))
			.build());
		int transfers = 10;
		for (int i = 0; i < transfers; i++) {
			assertThat(engine.entity("account", "a" + i).askAndWait(AccountBehavior.open("a" + i, 100)).isAccepted())
				.isTrue();
		}
		for (int i = 0; i < transfers; i++) {
			String id = "t" + i;
			engine.sagas()
				.start("transfer", id, StartTransfer.newBuilder().setFrom("a" + i).setTo("a0").setAmount(5).build())
				.join();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.sagas().status("transfer", id).status().isFinal());
		}

		assertThat(sagaReads.get()).as("recovery reads of the started instances").isZero();
		assertThat(accountReads.get()).as("the accounts are recovered as before").isPositive();
		// a read of an instance that was never started still recovers it first
		assertThat(engine.sagas().status("transfer", "never").status()).isEqualTo(SagaStatus.NEW);
		assertThat(sagaReads.get()).isEqualTo(1);
	}

	@Test
	void stepsAreSentOnTheRepliesOfTheWritesThatRecordedThemAndOnceOnly() {
		AtomicInteger debits = new AtomicInteger();
		AtomicInteger credits = new AtomicInteger();
		EgoEngine engine = closedAfterTheTest(EgoEngine.builder()
			.eventStore(this.journal)
			.timerStore(this.timers)
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior() {
				@Override
				public List<? extends Message> handleCommand(Message command, Account state) {
					String type = command.getDescriptorForType().getName();
					if (type.startsWith("Debit")) {
						debits.incrementAndGet();
					}
					else if (type.startsWith("Credit")) {
						credits.incrementAndGet();
					}
					return super.handleCommand(command, state);
				}
			})
			.saga("transfer", new TransferSaga(), FAST.withStepTimeout(Duration.ofSeconds(30)))
			.build());
		assertThat(engine.entity("account", "a").askAndWait(AccountBehavior.open("a", 1_000)).isAccepted()).isTrue();
		assertThat(engine.entity("account", "b").askAndWait(AccountBehavior.open("b", 0)).isAccepted()).isTrue();
		// the replies of the instances' writes send the steps: the transfers complete
		// while the dispatcher reads nothing
		engine.projections().pause("saga.transfer.dispatcher");
		int transfers = 20;
		for (int i = 0; i < transfers; i++) {
			engine.sagas()
				.start("transfer", "t" + i, StartTransfer.newBuilder().setFrom("a").setTo("b").setAmount(5).build())
				.join();
		}
		for (int i = 0; i < transfers; i++) {
			String id = "t" + i;
			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.sagas().status("transfer", id).status() == SagaStatus.COMPLETED);
		}
		assertThat(debits.get()).isEqualTo(transfers);
		assertThat(credits.get()).isEqualTo(transfers);
		// the dispatcher then reads every step, skipping those sent, by the time the
		// index
		// says COMPLETED
		engine.projections().resume("saga.transfer.dispatcher");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> engine.sagas().counts("transfer").getOrDefault(SagaStatus.COMPLETED, 0L) == transfers);

		assertThat(debits.get()).as("debits handled (a re-sent command is answered without running)")
			.isEqualTo(transfers);
		assertThat(credits.get()).isEqualTo(transfers);
	}

	@Test
	void stepsAreObservedBySagaStepAndOutcomeAndInstancesGaugedByStatus() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		EgoEngine engine = closedAfterTheTest(EgoEngine.builder()
			.eventStore(this.journal)
			.timerStore(this.timers)
			.sagaIndexStore(this.index)
			.inMemoryStores()
			.observationRegistry(observations)
			.meterRegistry(meters)
			.eventSourced("account", new AccountBehavior())
			.saga("transfer", new TransferSaga(), FAST)
			.build());
		assertThat(engine.entity("account", "a").askAndWait(AccountBehavior.open("a", 100)).isAccepted()).isTrue();
		assertThat(engine.entity("account", "b").askAndWait(AccountBehavior.open("b", 0)).isAccepted()).isTrue();
		engine.sagas()
			.start("transfer", "ok", StartTransfer.newBuilder().setFrom("a").setTo("b").setAmount(5).build())
			.join();
		engine.sagas()
			.start("transfer", "undone", StartTransfer.newBuilder().setFrom("a").setTo("nobody").setAmount(5).build())
			.join();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(engine.sagas().counts("transfer")).containsEntry(SagaStatus.COMPLETED, 1L)
				.containsEntry(SagaStatus.COMPENSATED, 1L));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(steps(meters, "debit", "false", "accepted")).isEqualTo(2);
			assertThat(steps(meters, "credit", "false", "accepted")).isEqualTo(1);
			assertThat(steps(meters, "credit", "false", "rejected")).isEqualTo(1);
			assertThat(steps(meters, "debit", "true", "accepted")).as("the refund").isEqualTo(1);
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(meters.get("ego.saga.instances")
				.tag("ego.saga", "transfer")
				.tag("ego.saga.status", "COMPLETED")
				.gauge()
				.value()).isEqualTo(1.0));
		assertThat(meters.get("ego.saga.instances").tag("ego.saga.status", "RUNNING").gauge().value()).isZero();
		assertThat(meters.get("ego.saga.timers.overdue").tag("ego.saga", "transfer").gauge().value()).isZero();
	}

	private static long steps(MeterRegistry meters, String step, String compensating, String outcome) {
		Timer timer = meters.find("ego.saga.step")
			.tag("ego.saga", "transfer")
			.tag("ego.saga.step", step)
			.tag("ego.compensating", compensating)
			.tag("ego.outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void anErasedEntityReachesSagasAsItsErasureMarker() {
		SagaBehavior<Transfer> onErasure = new SagaBehavior<>() {
			@Override
			public Transfer initialState() {
				return Transfer.getDefaultInstance();
			}

			@Override
			public @Nullable String correlate(EventEnvelope event) {
				return (event.event() instanceof EntityErased) ? "erased-" + event.entityId() : null;
			}

			@Override
			public boolean startsWith(EventEnvelope event) {
				return true;
			}

			@Override
			public SagaReaction<Transfer> onEvent(EventEnvelope event, Transfer state, SagaContext context) {
				return SagaReaction.update(state.toBuilder().setStage("forgotten " + event.persistenceId()).build())
					.complete();
			}

			@Override
			public SagaReaction<Transfer> onOutcome(StepOutcome outcome, Transfer state, SagaContext context) {
				return SagaReaction.none();
			}
		};
		EgoEngine engine = closedAfterTheTest(EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.saga("forget", onErasure, FAST)
			.build());
		assertThat(engine.entity("account", "x").askAndWait(AccountBehavior.open("x", 1)).isAccepted()).isTrue();

		engine.eraseEntity("account", "x");

		await().atMost(Duration.ofSeconds(10))
			.until(() -> engine.sagas().status("forget", "erased-x").status() == SagaStatus.COMPLETED);
		assertThat(((Transfer) engine.sagas().status("forget", "erased-x").state()).getStage())
			.isEqualTo("forgotten account|x");
	}

	/** Counts the writes of the timer store it wraps, a batch as one. */
	private static final class CountingTimerStore implements TimerStore {

		private final TimerStore store;

		private final AtomicInteger writes;

		CountingTimerStore(TimerStore store, AtomicInteger writes) {
			this.store = store;
			this.writes = writes;
		}

		@Override
		public TimerRecord schedule(TimerRecord timer) {
			this.writes.incrementAndGet();
			return this.store.schedule(timer);
		}

		@Override
		public boolean cancel(String group, String key, String name) {
			this.writes.incrementAndGet();
			return this.store.cancel(group, key, name);
		}

		@Override
		public void scheduleAll(List<TimerRecord> timers) {
			this.writes.incrementAndGet();
			timers.forEach(this.store::schedule);
		}

		@Override
		public int cancelAll(String group, Collection<String> keys) {
			this.writes.incrementAndGet();
			int deleted = 0;
			for (String key : keys) {
				deleted += this.store.cancelAll(group, key);
			}
			return deleted;
		}

		@Override
		public int cancelAll(String group, String key) {
			this.writes.incrementAndGet();
			return this.store.cancelAll(group, key);
		}

		@Override
		public @Nullable TimerRecord get(String group, String key, String name) {
			return this.store.get(group, key, name);
		}

		@Override
		public List<TimerRecord> list(String group, String key) {
			return this.store.list(group, key);
		}

		@Override
		public List<TimerClaim> claimDue(Instant now, int limit, String claimant, Duration claimFor) {
			return this.store.claimDue(now, limit, claimant, claimFor);
		}

		@Override
		public boolean complete(TimerClaim claim) {
			this.writes.incrementAndGet();
			return this.store.complete(claim);
		}

		@Override
		public long countDue(String group, Instant before) {
			return this.store.countDue(group, before);
		}

	}

}
