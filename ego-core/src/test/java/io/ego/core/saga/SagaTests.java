package io.ego.core.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EntityNotFoundException;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.core.v1.SagaStatusChanged;
import io.ego.core.v1.SagaTimerFired;
import io.ego.test.bank.Account;
import io.ego.test.bank.StartTransfer;
import io.ego.test.bank.Transfer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Sagas end to end on in-memory stores shared by successive engines (a restart): steps,
 * compensation, journal-started instances, durable timers, and crashes between a step's
 * dispatch and its outcome.
 */
class SagaTests {

	private static final SagaSettings FAST = SagaSettings.defaults()
		.withStepTimeout(Duration.ofMillis(500))
		.withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
		.withTimerPollInterval(Duration.ofMillis(20));

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryTimerStore timers = new InMemoryTimerStore();

	private final List<EgoEngine> engines = new ArrayList<>();

	@AfterEach
	void close() {
		this.engines.forEach(EgoEngine::close);
	}

	private EgoEngine engine(boolean withSaga) {
		return engine(withSaga, this.journal, UnaryOperator.identity());
	}

	private EgoEngine engine(boolean withSaga, EventStore events, UnaryOperator<EgoEngineBuilder> more) {
		EgoEngineBuilder builder = EgoEngine.builder()
			.eventStore(events)
			.snapshotStore(this.snapshots)
			.offsetStore(this.offsets)
			.timerStore(this.timers)
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior());
		if (withSaga) {
			builder.saga("transfer", new TransferSaga(), FAST);
		}
		EgoEngine engine = more.apply(builder).build();
		this.engines.add(engine);
		return engine;
	}

	private static void open(EgoEngine engine, String id, long balance) {
		assertThat(engine.entity("account", id).askAndWait(AccountBehavior.open(id, balance)).isAccepted()).isTrue();
	}

	private static long balance(EgoEngine engine, String id) {
		try {
			return ((Account) engine.entity("account", id).state().state()).getBalance();
		}
		catch (EntityNotFoundException ex) {
			return 0;
		}
	}

	private static StartTransfer transfer(String from, String to, long amount) {
		return StartTransfer.newBuilder().setFrom(from).setTo(to).setAmount(amount).build();
	}

	private static SagaInstance<?> awaitFinal(EgoEngine engine, String id) {
		await().atMost(Duration.ofSeconds(20)).until(() -> engine.sagas().status("transfer", id).status().isFinal());
		return engine.sagas().status("transfer", id);
	}

	@Test
	void aTransferDebitsThenCreditsAndCompletes() {
		EgoEngine engine = engine(true);
		open(engine, "a", 100);
		open(engine, "b", 0);
		SagaInstance<?> started = engine.sagas().start("transfer", "t1", transfer("a", "b", 30)).join();
		assertThat(started.status()).isEqualTo(SagaStatus.RUNNING);
		assertThat(started.pendingSteps()).containsExactly("debit");

		SagaInstance<?> done = awaitFinal(engine, "t1");

		assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
		assertThat(((Transfer) done.state()).getStage()).isEqualTo("done");
		assertThat(balance(engine, "a")).isEqualTo(70);
		assertThat(balance(engine, "b")).isEqualTo(30);
		assertThat(done.history()).extracting(SagaHistoryEntry::what)
			.contains("step 1 'debit' accepted", "step 2 'credit' accepted", "status COMPLETED");
	}

	@Test
	void aRejectedCreditIsCompensatedByRefundingTheDebit() {
		EgoEngine engine = engine(true);
		open(engine, "a", 100);

		engine.sagas().start("transfer", "t1", transfer("a", "nobody", 30)).join();
		SagaInstance<?> done = awaitFinal(engine, "t1");

		assertThat(done.status()).isEqualTo(SagaStatus.COMPENSATED);
		assertThat(done.reason()).contains("credit REJECTED", "account is not open");
		assertThat(balance(engine, "a")).isEqualTo(100);
		assertThat(done.history()).extracting(SagaHistoryEntry::what)
			.contains("compensation step 3 'debit' accepted", "status COMPENSATED");
	}

	@Test
	void aRejectedDebitLeavesNothingToUndo() {
		EgoEngine engine = engine(true);
		open(engine, "a", 10);
		open(engine, "b", 0);

		engine.sagas().start("transfer", "t1", transfer("a", "b", 30)).join();
		SagaInstance<?> done = awaitFinal(engine, "t1");

		assertThat(done.status()).isEqualTo(SagaStatus.COMPENSATED);
		assertThat(done.reason()).contains("insufficient funds");
		assertThat(balance(engine, "a")).isEqualTo(10);
		assertThat(balance(engine, "b")).isZero();
	}

	@Test
	void startingTwiceStartsOnce() {
		EgoEngine engine = engine(true);
		open(engine, "a", 100);
		open(engine, "b", 0);
		engine.sagas().start("transfer", "t1", transfer("a", "b", 30)).join();
		engine.sagas().start("transfer", "t1", transfer("a", "b", 30)).join();

		assertThat(awaitFinal(engine, "t1").status()).isEqualTo(SagaStatus.COMPLETED);
		assertThat(balance(engine, "a")).isEqualTo(70);
		assertThat(balance(engine, "b")).isEqualTo(30);
	}

	@Test
	void unknownSagasAndUnstartedInstancesAreNamed() {
		EgoEngine engine = engine(true);
		assertThatThrownBy(() -> engine.sagas().status("nope", "x")).isInstanceOf(UnknownSagaException.class)
			.hasMessageContaining("'nope'")
			.hasMessageContaining("[transfer]");
		assertThat(engine.sagas().status("transfer", "never").status()).isEqualTo(SagaStatus.NEW);
		assertThatThrownBy(() -> engine.sagas().cancel("transfer", "never", "why"))
			.isInstanceOf(CommandRejectedException.class)
			.hasMessageContaining("'never' has not started");
	}

	@Test
	void moneyIsConservedAcrossConcurrentTransfersWithRejections() {
		EgoEngine engine = engine(true);
		int accounts = 50;
		for (int i = 0; i < accounts; i++) {
			if (i % 10 != 9) {
				// every tenth account is never opened: credits to it are rejected
				open(engine, "acc-" + i, 1_000);
			}
		}
		long before = totalBalance(engine, accounts);
		List<CompletableFuture<SagaInstance<?>>> starts = new ArrayList<>();
		Random random = new Random(42);
		int transfers = 1_000;
		for (int i = 0; i < transfers; i++) {
			int from = random.nextInt(accounts);
			int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
			starts.add(engine.sagas()
				.start("transfer", "t-" + i, transfer("acc-" + from, "acc-" + to, 1 + random.nextInt(400))));
		}
		CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();

		await().atMost(Duration.ofSeconds(60)).until(() -> {
			for (int i = 0; i < transfers; i++) {
				if (!engine.sagas().status("transfer", "t-" + i).status().isFinal()) {
					return false;
				}
			}
			return true;
		});
		int completed = 0;
		int compensated = 0;
		for (int i = 0; i < transfers; i++) {
			SagaStatus status = engine.sagas().status("transfer", "t-" + i).status();
			assertThat(status).as("transfer t-" + i).isIn(SagaStatus.COMPLETED, SagaStatus.COMPENSATED);
			completed += (status == SagaStatus.COMPLETED) ? 1 : 0;
			compensated += (status == SagaStatus.COMPENSATED) ? 1 : 0;
		}
		assertThat(totalBalance(engine, accounts)).isEqualTo(before);
		assertThat(completed).isPositive();
		assertThat(compensated).isPositive();
	}

	private static long totalBalance(EgoEngine engine, int accounts) {
		long total = 0;
		for (int i = 0; i < accounts; i++) {
			total += balance(engine, "acc-" + i);
		}
		return total;
	}

	@Test
	void journalEventsWrittenWhileNoSagaRanStartInstancesWhenItComesBack() {
		EgoEngine without = engine(false);
		open(without, "y", 0);
		assertThat(
				without.entity("account", "x").askAndWait(AccountBehavior.open("x", 50, "transfer:y:20")).isAccepted())
			.isTrue();
		without.close();

		EgoEngine with = engine(true);
		SagaInstance<?> done = awaitFinal(with, "opened-x");

		assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
		assertThat(balance(with, "x")).isEqualTo(30);
		assertThat(balance(with, "y")).isEqualTo(20);
	}

	@Test
	void aTimerSurvivesARestartAtItsDueTimeAndFiresOnceWithTwoEngines() {
		UnaryOperator<EgoEngineBuilder> reminder = (builder) -> builder.saga("reminder", new ReminderSaga(), FAST);
		EgoEngine first = engine(false, this.journal, reminder);
		Instant started = Instant.now();
		first.sagas().start("reminder", "r1", Transfer.getDefaultInstance()).join();
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(started.plusSeconds(1)));
		first.close();

		// two engines on the same stores: either may claim the timer, only one fires it
		EgoEngine second = engine(false, this.journal, reminder);
		EgoEngine third = engine(false, this.journal, reminder);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> sagaEvents("saga.reminder|r1").contains(SagaStatusChanged.getDescriptor().getFullName()));
		second.close();
		third.close();

		SagaInstance<?> done = engine(false, this.journal, reminder).sagas().status("reminder", "r1");
		List<SagaHistoryEntry> fired = done.history()
			.stream()
			.filter((entry) -> entry.what().equals("timer 'ring' fired"))
			.toList();
		assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
		assertThat(fired).hasSize(1);
		assertThat(sagaEvents("saga.reminder|r1")).containsOnlyOnce(SagaTimerFired.getDescriptor().getFullName());
		assertThat(Duration.between(started, fired.get(0).at()).toMillis()).isBetween(1_900L, 2_500L);
	}

	private List<String> sagaEvents(String persistenceId) {
		return this.journal.replay(persistenceId, 1, Long.MAX_VALUE, 1_000)
			.stream()
			.map(PersistedEvent::eventType)
			.toList();
	}

	/** Rings once, two seconds after it started, then completes. */
	private static final class ReminderSaga implements SagaBehavior<Transfer> {

		@Override
		public Transfer initialState() {
			return Transfer.getDefaultInstance();
		}

		@Override
		public SagaReaction<Transfer> onStart(Message start, Transfer state, SagaContext context) {
			return SagaReaction.<Transfer>none().schedule("ring", Duration.ofSeconds(2));
		}

		@Override
		public SagaReaction<Transfer> onOutcome(StepOutcome outcome, Transfer state, SagaContext context) {
			return SagaReaction.none();
		}

		@Override
		public SagaReaction<Transfer> onTimer(String timer, Transfer state, SagaContext context) {
			return SagaReaction.update(state.toBuilder().setStage("rang").build()).complete();
		}

	}

	@Test
	void aCrashAfterTheDispatchWasRecordedButBeforeTheCommandRanDoesNotLoseTheStep() throws Exception {
		crashDuringTheCredit(false);
	}

	@Test
	void aCrashAfterTheCommandRanButBeforeTheSagaSawItsOutcomeDoesNotApplyItTwice() throws Exception {
		crashDuringTheCredit(true);
	}

	/**
	 * The first engine's credit to {@code b} blocks in the store until the engine is
	 * closed; then it is either written (the command ran, its outcome never reached the
	 * saga) or not (the command never ran). A second engine finishes the transfer exactly
	 * once.
	 */
	private void crashDuringTheCredit(boolean writeAfterCrash) throws Exception {
		CountDownLatch creditReached = new CountDownLatch(1);
		CountDownLatch crashed = new CountDownLatch(1);
		EventStore blocking = new ForwardingEventStore(this.journal) {
			@Override
			public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
				if (persistenceId.equals("account|b") && expectedSequenceNr > 0) {
					creditReached.countDown();
					try {
						crashed.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					if (!writeAfterCrash) {
						throw new StoreException("the engine crashed before the credit was written");
					}
				}
				super.append(persistenceId, expectedSequenceNr, events);
			}
		};
		EgoEngine first = engine(true, blocking, (builder) -> builder.shutdownTimeout(Duration.ofMillis(200)));
		open(first, "a", 100);
		open(first, "b", 0);
		first.sagas().start("transfer", "t1", transfer("a", "b", 30)).join();
		assertThat(creditReached.await(10, TimeUnit.SECONDS)).isTrue();
		first.close();
		crashed.countDown();

		EgoEngine second = engine(true);
		SagaInstance<?> done = awaitFinal(second, "t1");

		assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
		assertThat(balance(second, "a")).isEqualTo(70);
		assertThat(balance(second, "b")).isEqualTo(30);
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
		this.engines.add(engine);

		SagaInstance<?> failed = engine.sagas().start("transfer", "t1", transfer("a", "b", 1)).join();

		assertThat(failed.status()).isEqualTo(SagaStatus.FAILED);
		assertThat(failed.reason()).contains("threw on start", "boom");
	}

}
