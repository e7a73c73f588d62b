package io.ego.core.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Sagas end to end on one database shared by successive engines (a restart) and by
 * engines running side by side: steps, compensation, journal-started instances, durable
 * timers, and crashes between a step's dispatch and its outcome, forward and while
 * compensating. Each store implementation runs it on its database by extending it.
 *
 * @author eGo team
 * @since 0.2.0
 */
public abstract class SagaEngineContract {

	/** Short timeouts and back-off so that retries happen within a test. */
	protected static final SagaSettings FAST = SagaSettings.defaults()
		.withStepTimeout(Duration.ofMillis(500))
		.withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
		.withTimerPollInterval(Duration.ofMillis(20));

	private final List<EgoEngine> engines = new ArrayList<>();

	/**
	 * @return the journal of the database, the same for every engine of a test
	 */
	protected abstract EventStore journal();

	/**
	 * Gives an engine the other stores of the database (snapshots, offsets and leases,
	 * timers), the same for every engine of a test; what it leaves unset is in memory.
	 * @param builder the engine's builder
	 * @return the builder
	 */
	protected abstract EgoEngineBuilder sharedStores(EgoEngineBuilder builder);

	/**
	 * @return the settings of the transfer saga; a database under load may need a longer
	 * step timeout than {@link #FAST}'s
	 */
	protected SagaSettings transferSettings() {
		return FAST;
	}

	/**
	 * Closes what {@link #journal()} and {@link #sharedStores} opened, after the test's
	 * engines are closed; nothing by default.
	 */
	protected void closeStores() {
	}

	@AfterEach
	void closeEngines() {
		try {
			this.engines.forEach(EgoEngine::close);
		}
		finally {
			closeStores();
		}
	}

	/**
	 * Keeps an engine a test built to close it after the test.
	 * @param engine the engine
	 * @return the engine
	 */
	protected final EgoEngine closedAfterTheTest(EgoEngine engine) {
		this.engines.add(engine);
		return engine;
	}

	private EgoEngine engine(boolean withSaga) {
		return engine(withSaga, journal(), UnaryOperator.identity());
	}

	private EgoEngine engine(boolean withSaga, EventStore events, UnaryOperator<EgoEngineBuilder> more) {
		EgoEngineBuilder builder = sharedStores(EgoEngine.builder().eventStore(events)).inMemoryStores()
			.eventSourced("account", new AccountBehavior());
		if (withSaga) {
			builder.saga("transfer", new TransferSaga(), transferSettings());
		}
		return closedAfterTheTest(more.apply(builder).build());
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
		return awaitFinal(engine, id, Duration.ofSeconds(20));
	}

	private static SagaInstance<?> awaitFinal(EgoEngine engine, String id, Duration atMost) {
		await().atMost(atMost).untilAsserted(() -> {
			SagaInstance<?> instance = engine.sagas().status("transfer", id);
			assertThat(instance.status().isFinal())
				.as("%s %s, pending %s, history %s", id, instance.status(), instance.pendingSteps(), instance.history())
				.isTrue();
		});
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
	void startingAgainOnAnotherEngineStartsOnce() {
		EgoEngine first = engine(true);
		open(first, "a", 100);
		open(first, "b", 0);
		first.sagas().start("transfer", "t1", transfer("a", "b", 30)).join();
		assertThat(awaitFinal(first, "t1").status()).isEqualTo(SagaStatus.COMPLETED);
		long written = journal().highestSequenceNr("saga.transfer|t1");
		first.close();

		// a fresh engine takes the start for a new instance (no recovery reads): its
		// append conflicts with the history, and the start is decided again on it
		EgoEngine second = engine(true);
		SagaInstance<?> again = second.sagas().start("transfer", "t1", transfer("a", "b", 30)).join();

		assertThat(again.status()).isEqualTo(SagaStatus.COMPLETED);
		assertThat(journal().highestSequenceNr("saga.transfer|t1")).isEqualTo(written);
		assertThat(balance(second, "a")).isEqualTo(70);
		assertThat(balance(second, "b")).isEqualTo(30);
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

		// the index follows, once the dispatcher has read the last statuses
		Map<SagaStatus, Long> expected = Map.of(SagaStatus.COMPLETED, (long) completed, SagaStatus.COMPENSATED,
				(long) compensated);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(engine.sagas().counts("transfer")).containsExactlyInAnyOrderEntriesOf(expected));
		List<String> listed = new ArrayList<>();
		String after = null;
		for (;;) {
			List<SagaSummary> page = engine.sagas().list("transfer", SagaStatus.COMPENSATED, after, 100);
			page.forEach((summary) -> listed.add(summary.sagaId()));
			if (page.size() < 100) {
				break;
			}
			after = page.get(page.size() - 1).sagaId();
		}
		assertThat(listed).hasSize(compensated).doesNotHaveDuplicates().isSorted();
		for (String id : listed.subList(0, 10)) {
			assertThat(engine.sagas().status("transfer", id).status()).isEqualTo(SagaStatus.COMPENSATED);
		}
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
		EgoEngine first = engine(false, journal(), reminder);
		Instant started = Instant.now();
		first.sagas().start("reminder", "r1", Transfer.getDefaultInstance()).join();
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(started.plusSeconds(1)));
		first.close();

		// two engines on the same stores: either may claim the timer, only one fires it
		EgoEngine second = engine(false, journal(), reminder);
		EgoEngine third = engine(false, journal(), reminder);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> sagaEvents("saga.reminder|r1").contains(SagaStatusChanged.getDescriptor().getFullName()));
		second.close();
		third.close();

		SagaInstance<?> done = engine(false, journal(), reminder).sagas().status("reminder", "r1");
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
		return journal().replay(persistenceId, 1, Long.MAX_VALUE, 1_000)
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
		EgoEngine second = crashWhileAppending("account|b", 1, false, transfer("a", "b", 30));
		SagaInstance<?> done = awaitAfterCrash(second);

		assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
		assertThat(balance(second, "a")).isEqualTo(70);
		assertThat(balance(second, "b")).isEqualTo(30);
	}

	@Test
	void aCrashAfterTheCommandRanButBeforeTheSagaSawItsOutcomeDoesNotApplyItTwice() throws Exception {
		EgoEngine second = crashWhileAppending("account|b", 1, true, transfer("a", "b", 30));
		SagaInstance<?> done = awaitAfterCrash(second);

		assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
		assertThat(balance(second, "a")).isEqualTo(70);
		assertThat(balance(second, "b")).isEqualTo(30);
	}

	@Test
	void aCrashBeforeTheRefundRanWhileCompensatingStillRefundsOnce() throws Exception {
		// the credit to the unopened account is rejected; the refund (a's third event)
		// blocks
		EgoEngine second = crashWhileAppending("account|a", 2, false, transfer("a", "nobody", 30));
		SagaInstance<?> done = awaitAfterCrash(second);

		assertThat(done.status()).isEqualTo(SagaStatus.COMPENSATED);
		assertThat(balance(second, "a")).isEqualTo(100);
		assertThat(journal().highestSequenceNr("account|a")).isEqualTo(3);
	}

	@Test
	void aCrashAfterTheRefundRanWhileCompensatingDoesNotRefundTwice() throws Exception {
		EgoEngine second = crashWhileAppending("account|a", 2, true, transfer("a", "nobody", 30));
		SagaInstance<?> done = awaitAfterCrash(second);

		assertThat(done.status()).isEqualTo(SagaStatus.COMPENSATED);
		assertThat(balance(second, "a")).isEqualTo(100);
		assertThat(journal().highestSequenceNr("account|a")).isEqualTo(3);
	}

	/**
	 * Waits for the transfer after a crash: the crashed engine may keep leases it could
	 * not give back, which expire (20 s) before the next engine takes its workers over.
	 */
	private static SagaInstance<?> awaitAfterCrash(EgoEngine engine) {
		return awaitFinal(engine, "t1", Duration.ofSeconds(60));
	}

	/**
	 * Runs a transfer from {@code a} (100) to {@code b} (0) on a first engine whose
	 * append to {@code persistenceId} after {@code afterSequenceNr} blocks in the store
	 * until the engine is closed (a crash); then the append is either written (the
	 * command ran, its outcome never reached the saga) or not (the command never ran). A
	 * second engine runs on, returned.
	 */
	private EgoEngine crashWhileAppending(String persistenceId, long afterSequenceNr, boolean writeAfterCrash,
			StartTransfer transfer) throws Exception {
		CountDownLatch reached = new CountDownLatch(1);
		CountDownLatch crashed = new CountDownLatch(1);
		EventStore blocking = new ForwardingEventStore(journal()) {
			@Override
			public void append(String id, long expectedSequenceNr, List<PersistedEvent> events) {
				if (id.equals(persistenceId) && expectedSequenceNr >= afterSequenceNr) {
					reached.countDown();
					try {
						crashed.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					if (!writeAfterCrash) {
						throw new StoreException("the engine crashed before " + id + " was written");
					}
				}
				super.append(id, expectedSequenceNr, events);
			}
		};
		EgoEngine first = engine(true, blocking, (builder) -> builder.shutdownTimeout(Duration.ofMillis(200)));
		open(first, "a", 100);
		open(first, "b", 0);
		first.sagas().start("transfer", "t1", transfer).join();
		assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();
		first.close();
		crashed.countDown();

		return engine(true);
	}

}
