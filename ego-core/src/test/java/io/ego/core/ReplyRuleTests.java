package io.ego.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.observation.CommandContext;
import io.ego.core.store.EventStore;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountDebited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.GetAccount;
import io.ego.test.bank.Increment;
import io.ego.test.bank.MultiCredit;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reply rule ({@link CommandReply}): {@code Accepted} if and only if durable; a
 * {@code Rejected} or a {@code Failed} that is not
 * {@link CommandReply.Failed#outcomeUnknown() outcome unknown} means "not written, and
 * never will be"; everything else is "outcome unknown". Every command is answered exactly
 * once, within its ask timeout.
 * <p>
 * Each test forces one interleaving deterministically (latches in store wrappers, a
 * blocking observation handler or initial state, behaviours that throw {@link Error}s or
 * interrupt their thread) and then checks every reply against the journal: an accepted
 * command's events are in the journal at the revision it was told, with the state it was
 * told; a command told "not written" has no event in the journal, ever. Commands carry
 * unique amounts, so that the journal tells whose event is where. Every wait is bounded,
 * so that a hang fails the test instead of the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReplyRuleTests {

	/** What "within the ask timeout" may overrun by. */
	private static final long SLACK_MS = 100;

	/**
	 * How long a reply that is due now may take before the test calls it lost (far below
	 * {@link #LONG}).
	 */
	private static final Duration PROMPTLY = Duration.ofSeconds(2);

	/**
	 * An ask timeout long enough never to fire in a test that is about something else.
	 */
	private static final Duration LONG = Duration.ofSeconds(10);

	/**
	 * How long a latch in a store holds a call at most when the test does not release it
	 * earlier.
	 */
	private static final Duration HOLD = Duration.ofSeconds(3);

	/**
	 * Recovery replays after which the store parks the caller: stops a tight recovery
	 * loop from spinning.
	 */
	private static final int SPIN_BRAKE = 50;

	private static final String ERROR_TYPE = "ego.test.bank.MultiCredit";

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final GatedEventStore gated = new GatedEventStore(this.journal);

	private final List<EgoEngine> engines = new CopyOnWriteArrayList<>();

	private final List<Gate> gates = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeEnginesAndReleaseEverything() throws InterruptedException {
		// stop accepting first, then let held store calls go: a released call then meets
		// a stopped engine
		List<Thread> closers = new ArrayList<>();
		for (EgoEngine engine : this.engines) {
			closers.add(Thread.ofPlatform().daemon().name("reply-rule-close").start(engine::close));
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		for (EgoEngine engine : this.engines) {
			while (engine.isRunning() && System.nanoTime() - deadline < 0) {
				Thread.onSpinWait();
			}
		}
		this.gated.releaseAll();
		this.gates.forEach(Gate::release);
		for (Thread closer : closers) {
			closer.join(Duration.ofSeconds(15));
		}
	}

	// ---- 1. a timeout while queued withdraws the command; a deadline passing while it
	// runs is "outcome unknown"

	@Test
	void aCommandThatTimesOutWhileQueuedIsWithdrawnAndNeverWritten() throws Exception {
		Duration timeout = Duration.ofMillis(300);
		EgoEngine engine = engine(new AccountBehavior(), defaults().withAskTimeout(timeout));
		EntityRef<Account> ref = engine.entity("account", "q");
		opened(ref, "q");
		Gate append = this.gated.holdNextAppend();
		CompletableFuture<CommandReply<Account>> blocker = async("askAndWait(credit 1)",
				() -> ref.askAndWait(credit("q", 1)));
		append.awaitEntered("the blocker's append");
		SoftAssertions softly = new SoftAssertions();
		// the entity is busy writing the blocker: these two queue behind it until their
		// deadline passes
		Timed<CommandReply<Account>> waited = within(timeout.plusSeconds(2), "askAndWait(credit 10)",
				() -> ref.askAndWait(credit("q", 10)));
		CommandReply<Account> asked = timedAnswer(ref.ask(credit("q", 100)), timeout.plusSeconds(2)).value();
		for (CommandReply<Account> reply : List.of(waited.value(), asked)) {
			softly.assertThat(reply)
				.as("a command timed out while queued")
				.isInstanceOfSatisfying(CommandReply.Failed.class, (failed) -> {
					softly.assertThat(failed.error()).as("its error").isInstanceOf(CommandTimeoutException.class);
					softly.assertThat(failed.outcomeUnknown()).as("outcomeUnknown() of a withdrawn command").isFalse();
				});
		}
		softly.assertThat(waited.millis())
			.as("askAndWait of the queued command returns within the ask timeout (ms)")
			.isLessThanOrEqualTo(timeout.toMillis() + SLACK_MS);
		append.release();
		CommandReply<Account> blocked = answer(softly, "the blocker", blocker, PROMPTLY);
		matchesJournal(softly, "a read after the release (queued behind the withdrawn ones)", ref, "q");
		softly.assertThat(creditedAmounts("q"))
			.as("the journal after the release: the withdrawn commands never ran")
			.doesNotContain(10L, 100L);
		truthful(softly, "the blocker", blocked, "q", 1);
		softly.assertAll();
	}

	@Test
	void aCommandWhoseDeadlinePassesWhileItsAppendIsBlockedIsAnsweredOutcomeUnknownInTime() throws Exception {
		Duration timeout = Duration.ofMillis(300);
		EgoEngine engine = engine(new AccountBehavior(), defaults().withAskTimeout(timeout));
		EntityRef<Account> ref = engine.entity("account", "u");
		opened(ref, "u");
		Gate append = this.gated.holdNextAppend();
		long start = System.nanoTime();
		CompletableFuture<CommandReply<Account>> future = ref.ask(credit("u", 1));
		append.awaitEntered("the command's append");
		Timed<CommandReply<Account>> reply = timedAnswer(future, timeout.plus(HOLD), start);
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(reply.millis())
			.as("reply within the ask timeout (ms)")
			.isLessThanOrEqualTo(timeout.toMillis() + SLACK_MS);
		softly.assertThat(reply.value())
			.as("the reply of a command whose append was still running at its deadline: " + describe(reply.value()))
			.isInstanceOfSatisfying(CommandReply.Failed.class,
					(failed) -> softly.assertThat(failed.outcomeUnknown())
						.as("outcomeUnknown() (it started; its write may land) — error: " + failed.error())
						.isTrue());
		append.release(); // the append lands: "not written" would now be a lie
		matchesJournal(softly, "a read after the append landed", ref, "u");
		softly.assertThat(creditedAmounts("u")).as("the journal: the blocked append did land").contains(1L);
		truthful(softly, "the command", reply.value(), "u", 1);
		softly.assertAll();
	}

	// ---- 2. an Error thrown mid-batch, by the behaviour or by an observation handler

	@ParameterizedTest
	@EnumSource(Trip.class)
	void anErrorThrownByOneCommandOfABatchFailsOnlyThatCommand(Trip trip) throws Exception {
		EgoEngine engine = engine(new TrippingAccount(), defaults().withAskTimeout(LONG));
		EntityRef<Account> ref = engine.entity("account", "e");
		opened(ref, "e");
		Gate append = this.gated.holdNextAppend();
		CompletableFuture<CommandReply<Account>> a = ref.ask(credit("e", 1));
		append.awaitEntered("the first append");
		// queued behind the held append: handled together as the next batch
		CompletableFuture<CommandReply<Account>> b = ref.ask(credit("e", 10));
		CompletableFuture<CommandReply<Account>> c = ref.ask(credit("e", trip.amount));
		CompletableFuture<CommandReply<Account>> d = ref.ask(credit("e", 100));
		append.release();
		SoftAssertions softly = new SoftAssertions();
		CommandReply<Account> ra = answer(softly, "A (before the batch)", a, PROMPTLY);
		CommandReply<Account> rb = answer(softly, "B (before the " + trip + ")", b, PROMPTLY);
		CommandReply<Account> rc = answer(softly, "C (throws " + trip + ")", c, PROMPTLY);
		CommandReply<Account> rd = answer(softly, "D (after the " + trip + ")", d, PROMPTLY);
		failedNotWrittenAfterRunning(softly, "C (throws " + trip + ")", rc);
		matchesJournal(softly, "a read after the batch", ref, "e");
		acceptedAtJournalHead(softly, "a credit after the batch", ref, "e", 1000);
		truthful(softly, "A", ra, "e", 1);
		truthful(softly, "B", rb, "e", 10);
		truthful(softly, "C", rc, "e", trip.amount);
		truthful(softly, "D", rd, "e", 100);
		softly.assertAll();
	}

	@ParameterizedTest
	@EnumSource(Trip.class)
	void anErrorAfterAnotherCommandOfTheBatchNeverLeavesThatCommandsEventBehind(Trip trip) throws Exception {
		// short enough that a lost reply becomes a timeout within PROMPTLY
		Duration timeout = Duration.ofSeconds(1);
		EgoEngine engine = engine(new TrippingAccount(), defaults().withAskTimeout(timeout));
		EntityRef<Account> ref = engine.entity("account", "l");
		opened(ref, "l");
		Gate append = this.gated.holdNextAppend();
		CompletableFuture<CommandReply<Account>> a = ref.ask(credit("l", 1));
		append.awaitEntered("the first append");
		// produces an event
		CompletableFuture<CommandReply<Account>> b = ref.ask(credit("l", 10));
		// last of the batch: throws
		CompletableFuture<CommandReply<Account>> c = ref.ask(credit("l", trip.amount));
		append.release();
		SoftAssertions softly = new SoftAssertions();
		CommandReply<Account> ra = answer(softly, "A (before the batch)", a, PROMPTLY);
		CommandReply<Account> rb = answer(softly, "B (first of the batch)", b, PROMPTLY);
		CommandReply<Account> rc = answer(softly, "C (throws " + trip + ")", c, PROMPTLY);
		failedNotWrittenAfterRunning(softly, "C (throws " + trip + ")", rc);
		// a command that writes nothing, then one that writes: neither may carry B's
		// event along if B was failed
		matchesJournal(softly, "a read after the batch", ref, "l");
		acceptedAtJournalHead(softly, "a credit after the read", ref, "l", 100);
		truthful(softly, "A", ra, "l", 1);
		truthful(softly, "B", rb, "l", 10);
		truthful(softly, "C", rc, "l", trip.amount);
		softly.assertAll();
	}

	@Test
	void anErrorThrownByADurableStateBehaviourFailsOnlyThatCommand() throws Exception {
		InMemoryDurableStateStore states = new InMemoryDurableStateStore();
		EgoEngine engine = track(EgoEngine.builder()
			.durableStateStore(states)
			.durableState("counter", new TrippingCounter(), defaults().withAskTimeout(LONG))
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
		EntityRef<Counter> ref = engine.entity("counter", "c");
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(within(PROMPTLY, "increment by 1", () -> ref.askAndWait(increment(1))).value().revision())
			.isEqualTo(1);
		Timed<CommandReply<Counter>> tripped = withinSoftly(softly, PROMPTLY,
				"increment by 666 (throws AssertionError)", () -> ref.askAndWait(increment(TrippingCounter.TRIP)));
		if (tripped != null) {
			failedNotWrittenAfterRunning(softly, "increment by 666", tripped.value());
		}
		Timed<CommandReply<Counter>> after = withinSoftly(softly, PROMPTLY, "increment by 2",
				() -> ref.askAndWait(increment(2)));
		if (after != null) {
			softly.assertThat(after.value())
				.as("increment by 2 after the error")
				.isEqualTo(new CommandReply.Accepted<>(Counter.newBuilder().setValue(3).build(), 2));
		}
		softly.assertThat(states.get("counter|c").revision()).as("stored revision").isEqualTo(2);
		softly.assertAll();
	}

	@Test
	void anObservationHandlerThrowingOnTheDequeuedEventBreaksNeitherTheBatchNorTheCell() throws Exception {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ThrowingHandler(true, false));
		EgoEngine engine = track(EgoEngine.builder()
			.eventStore(this.gated)
			.observationRegistry(registry)
			.eventSourced("account", new AccountBehavior(), defaults().withAskTimeout(LONG))
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
		EntityRef<Account> ref = engine.entity("account", "o");
		opened(ref, "o");
		Gate append = this.gated.holdNextAppend();
		CompletableFuture<CommandReply<Account>> a = ref.ask(credit("o", 1));
		append.awaitEntered("the first append");
		CompletableFuture<CommandReply<Account>> b = ref.ask(credit("o", 10));
		// its "dequeued" event throws
		CompletableFuture<CommandReply<Account>> c = ref.ask(multiCredit("o", 20, 30));
		CompletableFuture<CommandReply<Account>> d = ref.ask(credit("o", 100));
		append.release();
		SoftAssertions softly = new SoftAssertions();
		CommandReply<Account> ra = answer(softly, "A (before the batch)", a, PROMPTLY);
		CommandReply<Account> rb = answer(softly, "B (before the throwing handler)", b, PROMPTLY);
		CommandReply<Account> rc = answer(softly, "C (its dequeued event throws)", c, PROMPTLY);
		CommandReply<Account> rd = answer(softly, "D (after the throwing handler)", d, PROMPTLY);
		matchesJournal(softly, "a read after the batch", ref, "o");
		acceptedAtJournalHead(softly, "a credit after the batch", ref, "o", 1000);
		truthful(softly, "A", ra, "o", 1);
		truthful(softly, "B", rb, "o", 10);
		truthful(softly, "C", rc, "o", 20, 30);
		truthful(softly, "D", rd, "o", 100);
		softly.assertAll();
	}

	@Test
	void anObservationHandlerThrowingOnAReplyBreaksNeitherTheOtherRepliesNorTheCell() throws Exception {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ThrowingHandler(false, true));
		EgoEngine engine = track(EgoEngine.builder()
			.eventStore(this.gated)
			.observationRegistry(registry)
			.eventSourced("account", new AccountBehavior(), defaults().withAskTimeout(LONG))
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
		EntityRef<Account> ref = engine.entity("account", "p");
		opened(ref, "p");
		Gate append = this.gated.holdNextAppend();
		CompletableFuture<CommandReply<Account>> a = ref.ask(credit("p", 1));
		append.awaitEntered("the first append");
		// stopping its observation throws
		CompletableFuture<CommandReply<Account>> b = ref.ask(multiCredit("p", 20, 30));
		// answered after b, same write
		CompletableFuture<CommandReply<Account>> c = ref.ask(credit("p", 10));
		append.release();
		SoftAssertions softly = new SoftAssertions();
		CommandReply<Account> ra = answer(softly, "A (before the batch)", a, PROMPTLY);
		CommandReply<Account> rb = answer(softly, "B (its reply's observation throws)", b, PROMPTLY);
		CommandReply<Account> rc = answer(softly, "C (written with B, answered after it)", c, PROMPTLY);
		matchesJournal(softly, "a read after the batch", ref, "p");
		acceptedAtJournalHead(softly, "a credit after the batch", ref, "p", 1000);
		truthful(softly, "A", ra, "p", 1);
		truthful(softly, "B", rb, "p", 20, 30);
		truthful(softly, "C", rc, "p", 10);
		softly.assertAll();
	}

	// ---- 3. an Error during recovery

	@Test
	void anErrorWhileReplayingFailsAskAndWaitInTimeAndDoesNotSpin() throws Exception {
		prepareHistory("r");
		Duration timeout = Duration.ofMillis(500);
		EgoEngine engine = engine(new OverflowingReplay(), defaults().withAskTimeout(timeout));
		EntityRef<Account> ref = engine.entity("account", "r");
		SoftAssertions softly = new SoftAssertions();
		Timed<CommandReply<Account>> first = within(timeout.plus(PROMPTLY),
				"askAndWait(credit 5) on an entity whose " + "replay throws StackOverflowError",
				() -> ref.askAndWait(credit("r", 5)),
				() -> "replayForRecovery called " + this.gated.recoveryReplays.get() + " times"
						+ (this.gated.recoveryReplays.get() > SPIN_BRAKE ? " (a tight loop: parked by the test's brake)"
								: ""));
		softly.assertThat(first.millis())
			.as("askAndWait returns within the ask timeout (ms)")
			.isLessThanOrEqualTo(timeout.toMillis() + SLACK_MS);
		recoveryFailed(softly, "the command", first.value());
		// the store must stay unbothered for a whole second: no retry loop behind the
		// caller's back
		Awaitility.await("replayForRecovery calls stay at most 10 for 1 s after the failed recovery")
			.during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> this.gated.recoveryReplays.get() <= 10);
		Timed<CommandReply<Account>> second = within(timeout.plus(PROMPTLY), "a second askAndWait",
				() -> ref.askAndWait(credit("r", 6)));
		softly.assertThat(second.millis())
			.as("the second askAndWait returns within the ask timeout (ms)")
			.isLessThanOrEqualTo(timeout.toMillis() + SLACK_MS);
		recoveryFailed(softly, "a second command", second.value());
		softly.assertThat(creditedAmounts("r")).as("journal").doesNotContain(5L, 6L);
		softly.assertThat(this.gated.recoveryReplays.get())
			.as("replayForRecovery calls in all")
			.isLessThanOrEqualTo(10);
		softly.assertAll();
	}

	@Test
	void anErrorWhileReplayingFailsTheQueuedCommandsWithRecoveryFailed() throws Exception {
		prepareHistory("rq");
		Duration timeout = Duration.ofMillis(500);
		EgoEngine engine = engine(new OverflowingReplay(), defaults().withAskTimeout(timeout));
		EntityRef<Account> ref = engine.entity("account", "rq");
		Gate replay = this.gated.holdNextRecoveryReplay();
		CompletableFuture<CommandReply<Account>> q1 = ref.ask(credit("rq", 5));
		replay.awaitEntered("the recovery's replay");
		// queued during recovery
		CompletableFuture<CommandReply<Account>> q2 = ref.ask(credit("rq", 6));
		CompletableFuture<CommandReply<Account>> q3 = ref.ask(GetAccount.getDefaultInstance());
		// the replay returns the events; folding them throws StackOverflowError
		replay.release();
		SoftAssertions softly = new SoftAssertions();
		for (var queued : List.of(q1, q2, q3)) {
			CommandReply<Account> reply = answer(softly, "a command queued during the failing recovery", queued,
					timeout.plusMillis(SLACK_MS));
			recoveryFailed(softly, "a command queued during the failing recovery", reply);
		}
		// the store must stay unbothered for a whole second: no retry loop behind the
		// caller's back
		Awaitility.await("replayForRecovery calls stay at most 10 for 1 s after the failed recovery")
			.during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> this.gated.recoveryReplays.get() <= 10);
		softly.assertThat(creditedAmounts("rq")).as("journal").doesNotContain(5L, 6L);
		softly.assertAll();
	}

	// ---- 4. a behaviour interrupting its thread (a cancelled task) in the middle of a
	// batch

	@Test
	void anInterruptWhileHandlingOneCommandOfABatchFailsNoneOfItsBystanders() throws Exception {
		EgoEngine engine = engine(new TrippingAccount(), defaults().withAskTimeout(LONG));
		EntityRef<Account> ref = engine.entity("account", "i");
		opened(ref, "i");
		Gate append = this.gated.holdNextAppend();
		CompletableFuture<CommandReply<Account>> a = ref.ask(credit("i", 1));
		append.awaitEntered("the first append");
		CompletableFuture<CommandReply<Account>> b = ref.ask(credit("i", TrippingAccount.INTERRUPT));
		// the bystander
		CompletableFuture<CommandReply<Account>> c = ref.ask(credit("i", 10));
		append.release();
		SoftAssertions softly = new SoftAssertions();
		CommandReply<Account> ra = answer(softly, "A (before the batch)", a, PROMPTLY);
		CommandReply<Account> rb = answer(softly, "B (interrupts its thread)", b, PROMPTLY);
		CommandReply<Account> rc = answer(softly, "C (bystander)", c, PROMPTLY);
		softly.assertThat(rc).as("the bystander's reply: " + describe(rc)).isInstanceOf(CommandReply.Accepted.class);
		matchesJournal(softly, "a read after the batch", ref, "i");
		acceptedAtJournalHead(softly, "a credit after the batch", ref, "i", 100);
		truthful(softly, "A", ra, "i", 1);
		truthful(softly, "B", rb, "i", TrippingAccount.INTERRUPT);
		truthful(softly, "C (bystander)", rc, "i", 10);
		softly.assertAll();
	}

	/**
	 * Beyond the brief: with non-blocking stores {@code askAndWait} runs an idle entity
	 * on the caller's thread, and the commands queued meanwhile join that batch; another
	 * caller's command interrupting "its" thread must not leave the caller's thread
	 * interrupted (nor fail the caller's command).
	 */
	@Test
	void anInterruptRaisedByAnotherCallersCommandDoesNotLeakIntoTheCallersThread() throws Exception {
		GatedEventStore nonBlocking = new NonBlockingGatedEventStore(this.journal);
		EgoEngine engine = track(EgoEngine.builder()
			.eventStore(nonBlocking)
			.eventSourced("account", new TrippingAccount(), defaults().withAskTimeout(LONG))
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
		EntityRef<Account> ref = engine.entity("account", "k");
		opened(ref, "k");
		engine.close(); // passivate: the next command recovers, which the store holds
		EgoEngine second = track(EgoEngine.builder()
			.eventStore(nonBlocking)
			.eventSourced("account", new TrippingAccount(), defaults().withAskTimeout(LONG))
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
		EntityRef<Account> fresh = second.entity("account", "k");
		Gate replay = nonBlocking.holdNextRecoveryReplay();
		CompletableFuture<Object[]> x = async("askAndWait(credit 1)", () -> {
			CommandReply<Account> reply = fresh.askAndWait(credit("k", 1));
			return new Object[] { reply, Thread.currentThread().isInterrupted() };
		});
		replay.awaitEntered("the recovery's replay");
		CompletableFuture<CommandReply<Account>> b = fresh.ask(credit("k", TrippingAccount.INTERRUPT));
		CompletableFuture<CommandReply<Account>> c = fresh.ask(credit("k", 10));
		replay.release();
		SoftAssertions softly = new SoftAssertions();
		Object[] result = x.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
		@SuppressWarnings("unchecked")
		CommandReply<Account> rx = (CommandReply<Account>) result[0];
		softly.assertThat((Boolean) result[1]).as("the askAndWait caller's thread is interrupted afterwards").isFalse();
		softly.assertThat(rx).as("the caller's own reply: " + describe(rx)).isInstanceOf(CommandReply.Accepted.class);
		CommandReply<Account> rb = answer(softly, "B (interrupts its thread)", b, PROMPTLY);
		CommandReply<Account> rc = answer(softly, "C (bystander)", c, PROMPTLY);
		softly.assertThat(rc).as("the bystander's reply: " + describe(rc)).isInstanceOf(CommandReply.Accepted.class);
		truthful(softly, "X", rx, "k", 1);
		truthful(softly, "B", rb, "k", TrippingAccount.INTERRUPT);
		truthful(softly, "C", rc, "k", 10);
		softly.assertAll();
	}

	// ---- 5. askAndWait (and ask) keep their deadline however long the store takes

	@ParameterizedTest
	@EnumSource(Via.class)
	void theDeadlineHoldsWhileTheAppendIsBlocked(Via via) throws Exception {
		Duration timeout = Duration.ofMillis(300);
		EgoEngine engine = engine(new AccountBehavior(), defaults().withAskTimeout(timeout));
		EntityRef<Account> ref = engine.entity("account", "da");
		opened(ref, "da");
		Gate append = this.gated.holdNextAppend();
		Timed<CommandReply<Account>> reply = send(via, ref, credit("da", 1), timeout.plus(HOLD).plus(PROMPTLY));
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(append.entered()).as("the append was reached").isTrue();
		softly.assertThat(reply.millis())
			.as(via + " returns within the ask timeout although the append is held for " + HOLD + " (ms)")
			.isLessThanOrEqualTo(timeout.toMillis() + SLACK_MS);
		softly.assertThat(reply.value())
			.as("the reply to a command whose append was held past its deadline: " + describe(reply.value()))
			.isInstanceOfSatisfying(CommandReply.Failed.class,
					(failed) -> softly.assertThat(failed.outcomeUnknown())
						.as("outcomeUnknown() — error: " + failed.error())
						.isTrue());
		append.release();
		matchesJournal(softly, "a read after the release", ref, "da");
		acceptedAtJournalHead(softly, "a credit after the release", ref, "da", 10);
		truthful(softly, "the held command", reply.value(), "da", 1);
		softly.assertAll();
	}

	@ParameterizedTest
	@EnumSource(Via.class)
	void theDeadlineHoldsWhileRecoveryIsBlocked(Via via) throws Exception {
		prepareHistory("dr");
		Duration timeout = Duration.ofMillis(300);
		EgoEngine engine = engine(new AccountBehavior(), defaults().withAskTimeout(timeout));
		EntityRef<Account> ref = engine.entity("account", "dr");
		Gate replay = this.gated.holdNextRecoveryReplay();
		Timed<CommandReply<Account>> reply = send(via, ref, credit("dr", 1), timeout.plus(HOLD).plus(PROMPTLY));
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(replay.entered()).as("the recovery's replay was reached").isTrue();
		softly.assertThat(reply.millis())
			.as(via + " returns within the ask timeout although recovery is held for " + HOLD + " (ms)")
			.isLessThanOrEqualTo(timeout.toMillis() + SLACK_MS);
		softly.assertThat(reply.value())
			.as("the reply to a command whose entity was still recovering at its deadline")
			.isInstanceOf(CommandReply.Failed.class);
		replay.release();
		matchesJournal(softly, "a read after the release", ref, "dr");
		acceptedAtJournalHead(softly, "a credit after the release", ref, "dr", 10);
		truthful(softly, "the command sent during recovery", reply.value(), "dr", 1);
		softly.assertAll();
	}

	// ---- 6. the shutdown window

	@ParameterizedTest
	@EnumSource(Window.class)
	void askRacingCloseNeverThrowsAndIsAnsweredEngineStopped(Window window) throws Exception {
		raceClose(window, Via.ASK);
	}

	@ParameterizedTest
	@EnumSource(Window.class)
	void askAndWaitRacingCloseIsAnsweredEngineStopped(Window window) throws Exception {
		raceClose(window, Via.ASK_AND_WAIT);
	}

	/**
	 * Holds a command inside {@code ask}/{@code askAndWait} — past the engine's "running"
	 * check — while the engine closes completely, then lets it go on.
	 */
	private void raceClose(Window window, Via via) throws Exception {
		AtomicReference<@Nullable Gate> inStart = new AtomicReference<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public void onStart(Observation.Context context) {
				if (context instanceof CommandContext command && "race".equals(command.getEntityId())) {
					Gate gate = inStart.getAndSet(null);
					if (gate != null) {
						gate.hold();
					}
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}
		});
		GatedInitialState behavior = new GatedInitialState();
		EgoEngine engine = track(EgoEngine.builder()
			.eventStore(this.gated)
			.observationRegistry(registry)
			.eventSourced("account", behavior, defaults().withAskTimeout(LONG))
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
		EntityRef<Account> ref = engine.entity("account", "race");
		Gate gate = gate();
		if (window == Window.OBSERVATION_START) {
			// the cell is live; the command's observation starts after the running check
			opened(ref, "race");
			inStart.set(gate);
		}
		else {
			// the entity's cell is created after the running check
			behavior.nextInitialState.set(gate);
		}
		CompletableFuture<Timed<CommandReply<Account>>> sent = async(via + " racing close",
				() -> send(via, ref, credit("race", 10), PROMPTLY));
		gate.awaitEntered("the " + via + " call (" + window + ")");
		CompletableFuture<Void> closed = CompletableFuture.runAsync(engine::close,
				(task) -> Thread.ofPlatform().daemon().name("reply-rule-close").start(task));
		try {
			// the window: the engine stops completely while the call is held
			closed.get(1, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			// an engine whose close waits for calls in progress: fine, let the call go on
		}
		gate.release();
		SoftAssertions softly = new SoftAssertions();
		try {
			CommandReply<Account> reply = sent.get(PROMPTLY.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS).value();
			softly.assertThat(reply)
				.as(via + " racing close: " + describe(reply))
				.isInstanceOfSatisfying(CommandReply.Failed.class,
						(failed) -> softly.assertThat(failed.error()).isInstanceOf(EngineStoppedException.class));
		}
		catch (ExecutionException ex) {
			softly.fail(via + " racing close must not throw, but threw " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			softly.fail(via + " racing close did not return within " + PROMPTLY.plusSeconds(1));
		}
		try {
			closed.get(5, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			softly.fail("close() did not return within 5 s of the racing call's release");
		}
		softly.assertThat(creditedAmounts("race")).as("journal").doesNotContain(10L);
		softly.assertAll();
	}

	@ParameterizedTest
	@EnumSource(Shutdown.class)
	void closeWhileAnAppendIsHeldLeavesNoCommandHangingAndNothingThrowing(Shutdown shutdown) throws Exception {
		EgoEngine engine = track(EgoEngine.builder()
			.eventStore(this.gated)
			.snapshotStore(this.snapshots)
			.eventSourced("account", new AccountBehavior(), defaults().withAskTimeout(LONG).withSnapshotInterval(2))
			.shutdownTimeout(shutdown.timeout)
			.build());
		EntityRef<Account> ref = engine.entity("account", "s");
		// revision 1: the held credit (revision 2) crosses the snapshot interval
		opened(ref, "s");
		Gate append = this.gated.holdNextAppend();
		CompletableFuture<CommandReply<Account>> x = async("askAndWait(credit 1)",
				() -> ref.askAndWait(credit("s", 1)));
		append.awaitEntered("the held append");
		// queued before close
		CompletableFuture<CommandReply<Account>> y = ref.ask(credit("s", 10));
		CompletableFuture<Void> closed = CompletableFuture.runAsync(engine::close,
				(task) -> Thread.ofPlatform().daemon().name("reply-rule-close").start(task));
		long deadline = System.nanoTime() + PROMPTLY.toNanos();
		while (engine.isRunning() && System.nanoTime() - deadline < 0) {
			Thread.onSpinWait();
		}
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(engine.isRunning()).as("closing engine still running").isFalse();
		if (shutdown == Shutdown.GIVES_UP) {
			try {
				closed.get(shutdown.timeout.plus(PROMPTLY).toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				softly.fail("close() did not give up after its shutdown timeout " + shutdown.timeout);
			}
		}
		// commands sent while closing (or after close gave up)
		Timed<CompletableFuture<CommandReply<Account>>> z = withinSoftly(softly, PROMPTLY,
				"ask(credit 100) after close", () -> ref.ask(credit("s", 100)));
		Timed<CommandReply<Account>> w = withinSoftly(softly, PROMPTLY, "askAndWait(credit 1000) after close",
				() -> ref.askAndWait(credit("s", 1000)));
		append.release();
		CommandReply<Account> rx = answer(softly, "X (its append was held across close; askAndWait must not throw)", x,
				PROMPTLY);
		CommandReply<Account> ry = answer(softly, "Y (queued before close)", y, PROMPTLY);
		CommandReply<Account> rz = (z != null) ? answer(softly, "Z (ask after close)", z.value(), PROMPTLY) : null;
		for (CommandReply<Account> stopped : Arrays.asList(ry, rz, (w != null) ? w.value() : null)) {
			if (stopped != null) {
				softly.assertThat(stopped)
					.as("a command that was still queued or came after close: " + describe(stopped))
					.isInstanceOfSatisfying(CommandReply.Failed.class,
							(failed) -> softly.assertThat(failed.error()).isInstanceOf(EngineStoppedException.class));
			}
		}
		try {
			closed.get(shutdown.timeout.plus(PROMPTLY).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			softly.fail("close() did not return after the held append was released");
		}
		truthful(softly, "X", rx, "s", 1);
		softly.assertThat(creditedAmounts("s")).as("journal").doesNotContain(10L, 100L, 1000L);
		// the entity works again in a new engine on the same stores
		EgoEngine next = track(EgoEngine.builder()
			.eventStore(this.gated)
			.snapshotStore(this.snapshots)
			.eventSourced("account", new AccountBehavior(), defaults().withAskTimeout(LONG).withSnapshotInterval(2))
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
		EntityRef<Account> again = next.entity("account", "s");
		matchesJournal(softly, "a read in the next engine", again, "s");
		acceptedAtJournalHead(softly, "a credit in the next engine", again, "s", 10_000);
		softly.assertAll();
	}

	// ---- 7. identifiers must be well-formed UTF-16

	@Test
	void idsWithUnpairedSurrogatesAreRejectedNamingTheProblem() {
		EgoEngine engine = track(EgoEngine.builder()
			.inMemoryStores()
			.eventStore(this.journal)
			.eventSourced("account", new AccountBehavior())
			.durableState("counter", new CounterBehavior())
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
		SoftAssertions softly = new SoftAssertions();
		for (String id : List.of("ls-\uD800", "ls-\uDC00x", "ls-\uDBFF", "\uDC00ls", "ls-\uDE00\uD83D")) {
			String shown = id.chars()
				.mapToObj(
						(c) -> Character.isSurrogate((char) c) ? String.format("\\u%04X", c) : String.valueOf((char) c))
				.reduce("", String::concat);
			rejectsId(softly, "entity(AccountBehavior.class, \"" + shown + "\").askAndWait",
					() -> engine.entity(AccountBehavior.class, id).askAndWait(open(id, 1)));
			rejectsId(softly, "entity(\"account\", \"" + shown + "\").ask",
					() -> engine.entity("account", id).ask(open(id, 1)));
			rejectsId(softly, "askAndWait(\"counter\", \"" + shown + "\")",
					() -> engine.askAndWait("counter", id, CounterBehavior.by(1)));
			rejectsId(softly, "eraseEntity(\"account\", \"" + shown + "\")", () -> engine.eraseEntity("account", id));
		}
		softly.assertThat(this.journal.eventsAfter(0, 0, PersistedEvent.SLICE_COUNT - 1, 100))
			.as("nothing was written for any of them")
			.isEmpty();
		String pair = "ls-\uD83D\uDE00";
		CommandReply<Account> accepted = engine.entity(AccountBehavior.class, pair).askAndWait(open(pair, 1));
		softly.assertThat(accepted)
			.as("a valid surrogate pair")
			.isEqualTo(new CommandReply.Accepted<>(Account.newBuilder().setId(pair).setBalance(1).setOpen(true).build(),
					1));
		softly.assertThat(this.journal.highestSequenceNr("account|" + pair)).isEqualTo(1);
		softly.assertAll();
	}

	private static void rejectsId(SoftAssertions softly, String call, Callable<?> action) {
		Object result;
		try {
			result = action.call();
		}
		catch (Throwable ex) {
			softly.assertThat(ex)
				.as(call)
				.isInstanceOf(InvalidEntityIdException.class)
				.hasMessageContaining("surrogate");
			return;
		}
		Object shown = (result instanceof CompletableFuture<?> future)
				? (future.isDone() ? future.getNow(null) : "a future reply (the command was taken)") : result;
		softly.fail(call + " accepted the id: it returned "
				+ ((shown instanceof CommandReply<?> reply) ? describe(reply)
						: String.valueOf(shown).replace('\n', ' '))
				+ " instead of throwing an InvalidEntityIdException");
	}

	// ---- reply checks against the journal

	/**
	 * Checks a reply against the journal: accepted ⇒ the command's events are at the
	 * revision it was told and the state it was told is the journal's state there;
	 * rejected or failed "not written" ⇒ none of its events is in the journal; outcome
	 * unknown ⇒ either.
	 */
	private void truthful(SoftAssertions softly, String label, @Nullable CommandReply<Account> reply, String id,
			long... amounts) {
		if (reply == null) {
			return; // reported as unanswered
		}
		List<PersistedEvent> history = linearHistory(softly, id);
		List<Long> credited = creditedAmounts(history);
		String told = label + " was told " + describe(reply);
		switch (reply) {
			case CommandReply.Accepted<Account> accepted -> {
				long revision = accepted.revision();
				softly.assertThat(revision)
					.as(told + ", but the journal of '" + id + "' ends at " + history.size())
					.isLessThanOrEqualTo(history.size());
				if (revision <= history.size()) {
					for (int i = 0; i < amounts.length; i++) {
						int seq = (int) revision - amounts.length + 1 + i;
						softly.assertThat((seq >= 1) ? amountOf(history.get(seq - 1)) : Long.MIN_VALUE)
							.as(told + ": its event at sequence number " + seq)
							.isEqualTo(amounts[i]);
					}
					softly.assertThat(accepted.state())
						.as(told + ": the state it was told is the journal's at revision " + revision)
						.isEqualTo(fold(history.subList(0, (int) revision)));
				}
			}
			case CommandReply.Rejected<Account> rejected -> softly.assertThat(credited)
				.as(told + " (nothing written): its events must not be in the journal")
				.doesNotContainAnyElementsOf(boxed(amounts));
			case CommandReply.Failed<Account> failed when !failed.outcomeUnknown() -> softly.assertThat(credited)
				.as(told + " (not written): its events must not be in the journal")
				.doesNotContainAnyElementsOf(boxed(amounts));
			case CommandReply.Failed<Account> failed -> {
				// outcome unknown: written or not, both are right
			}
		}
	}

	/**
	 * The reply of a command that ran and threw: failed, not written, and not a
	 * "withdrawn while queued".
	 */
	private static void failedNotWrittenAfterRunning(SoftAssertions softly, String label,
			@Nullable CommandReply<?> reply) {
		if (reply == null) {
			return;
		}
		softly.assertThat(reply)
			.as(label + ": " + describe(reply))
			.isInstanceOfSatisfying(CommandReply.Failed.class, (failed) -> {
				softly.assertThat(failed.outcomeUnknown()).as(label + ": outcomeUnknown()").isFalse();
				softly.assertThat(failed.error())
					.as(label + ": it ran, so it was not withdrawn while queued")
					.isNotInstanceOf(CommandTimeoutException.class);
			});
	}

	private static void recoveryFailed(SoftAssertions softly, String label, @Nullable CommandReply<?> reply) {
		if (reply == null) {
			return;
		}
		softly.assertThat(reply)
			.as(label + ": " + describe(reply))
			.isInstanceOfSatisfying(CommandReply.Failed.class, (failed) -> {
				softly.assertThat(failed.error()).as(label + ": its error").isInstanceOf(RecoveryFailedException.class);
				softly.assertThat(failed.outcomeUnknown()).as(label + ": outcomeUnknown()").isFalse();
			});
	}

	/** A read: accepted, with the journal's state and revision. */
	private void matchesJournal(SoftAssertions softly, String label, EntityRef<Account> ref, String id) {
		Timed<CommandReply<Account>> read = withinSoftly(softly, PROMPTLY, label,
				() -> ref.askAndWait(GetAccount.getDefaultInstance()));
		if (read == null) {
			return;
		}
		CommandReply<Account> reply = read.value();
		softly.assertThat(reply).as(label + ": " + describe(reply)).isInstanceOf(CommandReply.Accepted.class);
		if (reply instanceof CommandReply.Accepted<Account> accepted) {
			List<PersistedEvent> history = linearHistory(softly, id);
			softly.assertThat(accepted.state()).as(label + ": the state is the journal's").isEqualTo(fold(history));
			softly.assertThat(accepted.revision())
				.as(label + ": the revision is the journal's last sequence number")
				.isEqualTo(history.size());
		}
	}

	/**
	 * A write after the interesting part: accepted (no conflict), at the journal's head,
	 * with its state.
	 */
	private void acceptedAtJournalHead(SoftAssertions softly, String label, EntityRef<Account> ref, String id,
			long amount) {
		Timed<CommandReply<Account>> written = withinSoftly(softly, PROMPTLY, label,
				() -> ref.askAndWait(credit(id, amount)));
		if (written == null) {
			return;
		}
		CommandReply<Account> reply = written.value();
		softly.assertThat(reply).as(label + ": " + describe(reply)).isInstanceOf(CommandReply.Accepted.class);
		if (reply instanceof CommandReply.Accepted<Account> accepted) {
			List<PersistedEvent> history = linearHistory(softly, id);
			softly.assertThat(accepted.revision())
				.as(label + ": its revision is the journal's head")
				.isEqualTo(history.size());
			softly.assertThat(accepted.state()).as(label + ": its state is the journal's").isEqualTo(fold(history));
		}
		truthful(softly, label, reply, id, amount);
	}

	private List<PersistedEvent> history(String id) {
		return this.journal.replay("account|" + id, 1, Long.MAX_VALUE, 100_000);
	}

	private List<PersistedEvent> linearHistory(SoftAssertions softly, String id) {
		List<PersistedEvent> history = history(id);
		for (int i = 0; i < history.size(); i++) {
			softly.assertThat(history.get(i).sequenceNr()).as("journal of '" + id + "' is gap-free").isEqualTo(i + 1);
		}
		return history;
	}

	private List<Long> creditedAmounts(String id) {
		return creditedAmounts(history(id));
	}

	private static List<Long> creditedAmounts(List<PersistedEvent> history) {
		return history.stream().mapToLong(ReplyRuleTests::amountOf).filter((amount) -> amount >= 0).boxed().toList();
	}

	private static long amountOf(PersistedEvent event) {
		return (parse(event) instanceof AccountCredited credited) ? credited.getAmount() : -1;
	}

	private static Account fold(List<PersistedEvent> history) {
		AccountBehavior behavior = new AccountBehavior();
		Account state = behavior.initialState();
		for (PersistedEvent event : history) {
			state = behavior.handleEvent(parse(event), state);
		}
		return state;
	}

	private static Message parse(PersistedEvent event) {
		try {
			return switch (event.eventType()) {
				case "ego.test.bank.AccountOpened" -> AccountOpened.parseFrom(event.payload());
				case "ego.test.bank.AccountCredited" -> AccountCredited.parseFrom(event.payload());
				case "ego.test.bank.AccountDebited" -> AccountDebited.parseFrom(event.payload());
				default -> throw new AssertionError("unexpected event " + event);
			};
		}
		catch (InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
	}

	private static List<Long> boxed(long... amounts) {
		return Arrays.stream(amounts).boxed().toList();
	}

	private static String describe(@Nullable CommandReply<?> reply) {
		return switch (reply) {
			case null -> "nothing";
			case CommandReply.Accepted<?> accepted -> "Accepted(revision " + accepted.revision() + ", "
					+ accepted.state().toString().replace('\n', ' ').trim() + ")";
			case CommandReply.Rejected<?> rejected -> "Rejected(" + rejected.reason() + ")";
			case CommandReply.Failed<?> failed -> "Failed(" + failed.error().getClass().getSimpleName() + ": "
					+ failed.error().getMessage() + ", outcomeUnknown=" + failed.outcomeUnknown() + ")";
		};
	}

	// ---- engines, histories, bounded waits

	private static EntitySettings defaults() {
		return EntitySettings.defaults();
	}

	private EgoEngine engine(EventSourcedBehavior<Account> behavior, EntitySettings settings) {
		return track(EgoEngine.builder()
			.eventStore(this.gated)
			.snapshotStore(this.snapshots)
			.eventSourced("account", behavior, settings)
			.shutdownTimeout(Duration.ofSeconds(2))
			.build());
	}

	private EgoEngine track(EgoEngine engine) {
		this.engines.add(engine);
		return engine;
	}

	private Gate gate() {
		Gate gate = new Gate(HOLD);
		this.gates.add(gate);
		return gate;
	}

	/** Opens an account with balance 1000 and checks it is at revision 1. */
	private static void opened(EntityRef<Account> ref, String id) {
		CommandReply<Account> reply = within(PROMPTLY, "open " + id, () -> ref.askAndWait(open(id, 1000))).value();
		assertThat(reply).as("open " + id + ": " + describe(reply)).isInstanceOf(CommandReply.Accepted.class);
		assertThat(reply.revision()).isEqualTo(1);
	}

	/**
	 * Writes open + three credits for an entity with a plain engine on the journal
	 * itself, then closes it.
	 */
	private void prepareHistory(String id) {
		try (EgoEngine first = EgoEngine.builder()
			.eventStore(this.journal)
			.eventSourced("account", new AccountBehavior())
			.build()) {
			EntityRef<Account> ref = first.entity(AccountBehavior.class, id);
			opened(ref, id);
			for (long amount : new long[] { 2, 3, 4 }) {
				assertThat(ref.askAndWait(credit(id, amount)).isAccepted()).isTrue();
			}
		}
		assertThat(this.journal.highestSequenceNr("account|" + id)).isEqualTo(4);
	}

	private static MultiCredit multiCredit(String id, long... amounts) {
		MultiCredit.Builder builder = MultiCredit.newBuilder().setId(id);
		for (long amount : amounts) {
			builder.addAmounts(amount);
		}
		return builder.build();
	}

	private static Increment increment(long by) {
		return Increment.newBuilder().setBy(by).build();
	}

	private static Timed<CommandReply<Account>> send(Via via, EntityRef<Account> ref, Message command, Duration bound) {
		return within(bound, via.toString(), () -> switch (via) {
			case ASK_AND_WAIT -> ref.askAndWait(command);
			case ASK -> {
				try {
					yield ref.ask(command).get(bound.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					throw new AssertionError("ask(): the future was not completed within " + bound);
				}
			}
		});
	}

	/**
	 * Waits for a reply; a reply that does not come is a soft failure (and {@code null}).
	 */
	private static @Nullable CommandReply<Account> answer(SoftAssertions softly, String what,
			CompletableFuture<CommandReply<Account>> future, Duration bound) {
		try {
			return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			softly.fail(what + ": no reply within " + bound);
		}
		catch (ExecutionException ex) {
			softly.fail(what + ": the call threw " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			softly.fail(what + ": interrupted");
		}
		return null;
	}

	private static Timed<CommandReply<Account>> timedAnswer(CompletableFuture<CommandReply<Account>> future,
			Duration bound) throws Exception {
		return timedAnswer(future, bound, System.nanoTime());
	}

	private static Timed<CommandReply<Account>> timedAnswer(CompletableFuture<CommandReply<Account>> future,
			Duration bound, long startNanos) throws Exception {
		AtomicReference<Long> doneAt = new AtomicReference<>();
		future.whenComplete((reply, ex) -> doneAt.set(System.nanoTime()));
		CommandReply<Account> reply;
		try {
			reply = future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("no reply within " + bound, ex);
		}
		Long done = doneAt.get();
		long end = (done != null) ? done : System.nanoTime();
		return new Timed<>(reply, TimeUnit.NANOSECONDS.toMillis(end - startNanos));
	}

	/** Runs an action on its own platform thread. */
	private static <T> CompletableFuture<T> async(String what, Callable<T> action) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread.ofPlatform().daemon().name("reply-rule-" + what).start(() -> {
			try {
				result.complete(action.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

	private static <T> Timed<T> within(Duration bound, String what, Callable<T> action) {
		return within(bound, what, action, () -> "");
	}

	/**
	 * Runs an action on its own thread and fails when it does not return within the bound
	 * (or throws).
	 */
	private static <T> Timed<T> within(Duration bound, String what, Callable<T> action, Supplier<String> context) {
		CompletableFuture<Timed<T>> result = async(what, () -> {
			long start = System.nanoTime();
			T value = action.call();
			return new Timed<>(value, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		});
		try {
			return result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			String more = context.get();
			throw new AssertionError(what + " did not return within " + bound + (more.isEmpty() ? "" : "; " + more));
		}
		catch (ExecutionException ex) {
			throw new AssertionError(what + " threw " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(what + ": interrupted", ex);
		}
	}

	private static <T> @Nullable Timed<T> withinSoftly(SoftAssertions softly, Duration bound, String what,
			Callable<T> action) {
		try {
			return within(bound, what, action);
		}
		catch (AssertionError ex) {
			softly.fail(ex.getMessage(), ex.getCause());
			return null;
		}
	}

	private record Timed<T>(T value, long millis) {
	}

	enum Via {

		ASK_AND_WAIT, ASK

	}

	/** Where a command is held while the engine closes. */
	enum Window {

		/**
		 * in the command's observation start: after the running check, the entity's cell
		 * is live
		 */
		OBSERVATION_START,

		/**
		 * in the behaviour's initial state: after the running check, while the entity's
		 * cell is created
		 */
		CELL_CREATION

	}

	enum Shutdown {

		/** close gives up waiting for the held append */
		GIVES_UP(Duration.ofMillis(200)),

		/** close waits for the held append */
		WAITS(Duration.ofSeconds(10));

		final Duration timeout;

		Shutdown(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/** Errors a behaviour throws for a marked credit amount. */
	enum Trip {

		ASSERTION_ERROR(666), STACK_OVERFLOW_ERROR(777);

		final long amount;

		Trip(long amount) {
			this.amount = amount;
		}

	}

	// ---- fixtures

	/** Holds a store call (or anything) until released, at most its hold time. */
	static final class Gate {

		private final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private final Duration maxHold;

		Gate(Duration maxHold) {
			this.maxHold = maxHold;
		}

		void hold() {
			this.entered.countDown();
			try {
				this.released.await(this.maxHold.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		boolean entered() {
			return this.entered.getCount() == 0;
		}

		void awaitEntered(String what) throws InterruptedException {
			if (!this.entered.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(what + " was not reached within " + PROMPTLY);
			}
		}

		void release() {
			this.released.countDown();
		}

	}

	/**
	 * Holds the next append or recovery replay on a gate; counts recovery replays and
	 * parks a caller that replays more than {@link #SPIN_BRAKE} times (a tight loop)
	 * until the test ends.
	 */
	static class GatedEventStore extends ForwardingEventStore {

		final AtomicInteger recoveryReplays = new AtomicInteger();

		private final AtomicReference<@Nullable Gate> nextAppend = new AtomicReference<>();

		private final AtomicReference<@Nullable Gate> nextReplay = new AtomicReference<>();

		private final List<Gate> gates = new CopyOnWriteArrayList<>();

		private final Gate brake = new Gate(Duration.ofSeconds(30));

		GatedEventStore(EventStore delegate) {
			super(delegate);
		}

		Gate holdNextAppend() {
			Gate gate = new Gate(HOLD);
			this.gates.add(gate);
			this.nextAppend.set(gate);
			return gate;
		}

		Gate holdNextRecoveryReplay() {
			Gate gate = new Gate(HOLD);
			this.gates.add(gate);
			this.nextReplay.set(gate);
			return gate;
		}

		void releaseAll() {
			this.gates.forEach(Gate::release);
			this.brake.release();
		}

		@Override
		public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
			Gate gate = this.nextAppend.getAndSet(null);
			if (gate != null) {
				gate.hold();
			}
			super.append(persistenceId, expectedSequenceNr, events);
		}

		@Override
		public List<PersistedEvent> replayForRecovery(String persistenceId, long fromSequenceNr, long toSequenceNr,
				int limit) {
			if (this.recoveryReplays.incrementAndGet() > SPIN_BRAKE) {
				this.brake.hold();
			}
			Gate gate = this.nextReplay.getAndSet(null);
			if (gate != null) {
				gate.hold();
			}
			return delegate().replayForRecovery(persistenceId, fromSequenceNr, toSequenceNr, limit);
		}

	}

	/**
	 * A gated store that says it does not block: {@code askAndWait} then runs an idle
	 * entity on its caller.
	 */
	static final class NonBlockingGatedEventStore extends GatedEventStore implements NonBlockingStore {

		NonBlockingGatedEventStore(EventStore delegate) {
			super(delegate);
		}

	}

	/**
	 * An account that throws an {@link Error} for a marked credit, or interrupts its
	 * thread for another.
	 */
	static final class TrippingAccount extends AccountBehavior {

		static final long INTERRUPT = 555;

		@Override
		public List<? extends Message> handleCommand(Message command, Account state) {
			if (command instanceof CreditAccount credit) {
				if (credit.getAmount() == Trip.ASSERTION_ERROR.amount) {
					throw new AssertionError("simulated: an assertion in the behaviour failed");
				}
				if (credit.getAmount() == Trip.STACK_OVERFLOW_ERROR.amount) {
					throw new StackOverflowError("simulated: the behaviour recursed too deep");
				}
				if (credit.getAmount() == INTERRUPT) {
					// as if the task running it were cancelled
					Thread.currentThread().interrupt();
				}
			}
			return super.handleCommand(command, state);
		}

	}

	/**
	 * An account whose credits cannot be replayed: folding one throws
	 * {@link StackOverflowError}.
	 */
	static final class OverflowingReplay extends AccountBehavior {

		@Override
		public Account handleEvent(Message event, Account state) {
			if (event instanceof AccountCredited) {
				throw new StackOverflowError("simulated: folding a deeply nested event");
			}
			return super.handleEvent(event, state);
		}

	}

	/**
	 * An account whose initial state, once armed, is computed only when a gate lets it.
	 */
	static final class GatedInitialState extends AccountBehavior {

		final AtomicReference<@Nullable Gate> nextInitialState = new AtomicReference<>();

		@Override
		public Account initialState() {
			Gate gate = (this.nextInitialState != null) ? this.nextInitialState.getAndSet(null) : null;
			if (gate != null) {
				gate.hold();
			}
			return super.initialState();
		}

	}

	/**
	 * A durable-state counter whose behaviour throws an {@link AssertionError} for one
	 * increment.
	 */
	static final class TrippingCounter implements DurableStateBehavior<Counter> {

		static final long TRIP = 666;

		@Override
		public Counter initialState() {
			return Counter.getDefaultInstance();
		}

		@Override
		public Counter handleCommand(Message command, Counter state, long revision) {
			Increment increment = (Increment) command;
			if (increment.getBy() == TRIP) {
				throw new AssertionError("simulated: an assertion in the behaviour failed");
			}
			return state.toBuilder().setValue(state.getValue() + increment.getBy()).build();
		}

	}

	/**
	 * An observation handler that throws for commands of one type: on their events, or
	 * when they stop.
	 */
	static final class ThrowingHandler implements ObservationHandler<Observation.Context> {

		private final boolean onEvent;

		private final boolean onStop;

		ThrowingHandler(boolean onEvent, boolean onStop) {
			this.onEvent = onEvent;
			this.onStop = onStop;
		}

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			if (this.onEvent && marked(context)) {
				throw new IllegalStateException(
						"simulated: a broken observation handler (onEvent " + event.getName() + ")");
			}
		}

		@Override
		public void onStop(Observation.Context context) {
			if (this.onStop && marked(context)) {
				throw new IllegalStateException("simulated: a broken observation handler (onStop)");
			}
		}

		private static boolean marked(Observation.Context context) {
			return context instanceof CommandContext command && ERROR_TYPE.equals(command.getCommandType());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
