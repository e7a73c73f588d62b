package io.ego.core.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.ego.core.CommandOptions;
import io.ego.core.CommandReply;
import io.ego.core.CommandTimeoutException;
import io.ego.core.DedupePolicy;
import io.ego.core.EgoEngine;
import io.ego.core.EntityErasedException;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntityRef;
import io.ego.core.EntitySettings;
import io.ego.core.UnsupportedCommandException;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.EventStore;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.LegacyAccountOpened;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The forwarding path of an engine in a cluster, with a router between two engines of one
 * journal in this JVM: engine {@code a} owns no entity, so every command sent on it runs
 * on {@code b}. Replies keep their meaning across the hop, and the faults of a hop (a
 * reply lost after the command ran, a command never delivered, no answer, a partition
 * moving) give the reply the rule asks for: sent again with the same id when that is
 * safe, "outcome unknown" only when the command may have run.
 */
class ForwardingTests {

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemoryErasureStore erasures = new InMemoryErasureStore();

	private final List<EgoEngine> engines = new ArrayList<>();

	private final PairRouter onA = new PairRouter((id) -> false);

	private final PairRouter onB = new PairRouter((id) -> !id.startsWith("account|elsewhere"));

	@AfterEach
	void close() {
		this.engines.forEach(EgoEngine::close);
	}

	private void start(EntitySettings settings) {
		EgoEngine b = EgoEngine.builder()
			.eventStore(this.journal)
			.erasureStore(this.erasures)
			.eventSourced("account", new AccountBehavior(), settings)
			.commandRouter(this.onB)
			.build();
		EgoEngine a = EgoEngine.builder()
			.eventStore(this.journal)
			.erasureStore(this.erasures)
			.eventSourced("account", new AccountBehavior(), settings)
			.commandRouter(this.onA)
			.build();
		this.engines.add(a);
		this.engines.add(b);
		this.onA.peer = this.onB;
	}

	private EntityRef<Account> onA(String id) {
		return this.engines.get(0).entity(AccountBehavior.class, id);
	}

	private static EntitySettings settings() {
		return EntitySettings.defaults().withAskTimeout(Duration.ofMillis(500));
	}

	@Test
	void repliesAndReadsKeepTheirMeaningAcrossTheHop() {
		start(settings());
		CommandReply<Account> opened = onA("acc-1").askAndWait(AccountBehavior.open("acc-1", 100));
		assertThat(opened).isEqualTo(new CommandReply.Accepted<>(
				Account.newBuilder().setId("acc-1").setBalance(100).setOpen(true).build(), 1));
		assertThat(onA("acc-1").ask(AccountBehavior.credit("acc-1", 1)).join().revision()).isEqualTo(2);
		CommandReply<Account> rejected = onA("acc-1").ask(AccountBehavior.debit("acc-1", 1_000)).join();
		assertThat(rejected).isInstanceOfSatisfying(CommandReply.Rejected.class,
				(reply) -> assertThat(reply.reason()).contains("insufficient funds"));
		CommandReply<Account> unsupported = onA("acc-1")
			.askAndWait(LegacyAccountOpened.newBuilder().setId("acc-1").build());
		assertThat(unsupported).isInstanceOfSatisfying(CommandReply.Rejected.class,
				(reply) -> assertThat(reply.rejection()).isInstanceOfSatisfying(UnsupportedCommandException.class,
						(error) -> assertThat(error.commandType()).isEqualTo("ego.test.bank.LegacyAccountOpened")));
		assertThat(onA("acc-1").state().state().getBalance()).isEqualTo(101);
		assertThat(onA("acc-1").stateAsync().join().revision()).isEqualTo(2);
		assertThatThrownBy(() -> onA("nobody").state()).isInstanceOf(EntityNotFoundException.class);
		assertThat(this.engines.get(0).entityTypes().get(0).liveEntities()).as("live on a").isZero();
		assertThat(this.engines.get(1).entityTypes().get(0).liveEntities()).as("live on b").isEqualTo(1);
	}

	@Test
	void aReplyLostAfterTheCommandRanIsSentAgainAndAppliedOnce() {
		start(settings());
		onA("acc-1").askAndWait(AccountBehavior.open("acc-1", 100));
		this.onA.loseReplies.set(2);
		CommandReply<Account> credited = onA("acc-1").askAndWait(AccountBehavior.credit("acc-1", 5));
		assertThat(credited.isAccepted()).as("%s", credited).isTrue();
		assertThat(credited.state().getBalance()).isEqualTo(105);
		assertThat(this.journal.highestSequenceNr("account|acc-1")).as("events of acc-1").isEqualTo(2);
		assertThat(this.onA.sent.get()).as("sends: open, then the credit three times").isEqualTo(4);
	}

	@Test
	void aRouterThatThrowsAfterTheCommandRanIsSentAgainAndAppliedOnce() {
		start(settings());
		onA("acc-1").askAndWait(AccountBehavior.open("acc-1", 100));
		this.onA.throwAfterRun.set(1);
		CommandReply<Account> credited = onA("acc-1").askAndWait(AccountBehavior.credit("acc-1", 5));
		assertThat(credited.isAccepted()).as("%s", credited).isTrue();
		assertThat(this.journal.highestSequenceNr("account|acc-1")).as("events of acc-1").isEqualTo(2);
	}

	@Test
	void withoutDeduplicationALostReplyIsOutcomeUnknown() {
		start(settings().withDedupe(DedupePolicy.OFF));
		onA("acc-1").askAndWait(AccountBehavior.open("acc-1", 100));
		this.onA.loseReplies.set(1);
		CommandReply<Account> credited = onA("acc-1").askAndWait(AccountBehavior.credit("acc-1", 5));
		assertThat(credited).isInstanceOfSatisfying(CommandReply.Failed.class,
				(failed) -> assertThat(failed.outcomeUnknown()).isTrue());
		assertThat(this.journal.highestSequenceNr("account|acc-1")).as("it ran once, and was not sent again")
			.isEqualTo(2);
	}

	@Test
	void aCommandNeverDeliveredUntilTheDeadlineWasNotWritten() {
		start(settings());
		this.onA.undeliverable = true;
		CommandReply<Account> reply = onA("acc-1").askAndWait(AccountBehavior.open("acc-1", 100),
				CommandOptions.id("open-1"));
		assertThat(reply).isInstanceOfSatisfying(CommandReply.Failed.class, (failed) -> {
			assertThat(failed.outcomeUnknown()).isFalse();
			assertThat(failed.error()).isInstanceOf(CommandTimeoutException.class)
				.hasMessageContaining("never executed");
		});
		assertThat(this.journal.highestSequenceNr("account|acc-1")).isZero();
	}

	@Test
	void noAnswerUntilTheDeadlineIsOutcomeUnknown() {
		start(settings());
		this.onA.hang = true;
		CommandReply<Account> reply = onA("acc-1").ask(AccountBehavior.open("acc-1", 100)).join();
		assertThat(reply).isInstanceOfSatisfying(CommandReply.Failed.class,
				(failed) -> assertThat(failed.outcomeUnknown()).isTrue());
		CommandReply<Account> waited = onA("acc-2").askAndWait(AccountBehavior.open("acc-2", 100));
		assertThat(waited).isInstanceOfSatisfying(CommandReply.Failed.class,
				(failed) -> assertThat(failed.outcomeUnknown()).isTrue());
	}

	@Test
	void aMemberThatDoesNotOwnTheEntityRunsNothingAndTheCommandIsSentAgain() {
		start(settings());
		this.onA.notOwner.set(3);
		CommandReply<Account> opened = onA("acc-1").askAndWait(AccountBehavior.open("acc-1", 100));
		assertThat(opened.isAccepted()).as("%s", opened).isTrue();
		assertThat(this.onA.sent.get()).isEqualTo(4);
		ForwardedReply notMine = this.onB.local()
			.execute(new ForwardedCommand(ForwardedCommand.Kind.COMMAND, "account", "elsewhere-1",
					"ego.test.bank.OpenAccount", "io.ego.test.bank.OpenAccount",
					AccountBehavior.open("elsewhere-1", 1).toByteArray(), "c-1", Duration.ofSeconds(1).toNanos()))
			.join();
		assertThat(notMine.outcome()).isEqualTo(ForwardedReply.Outcome.NOT_OWNER);
		assertThat(this.journal.highestSequenceNr("account|elsewhere-1")).isZero();
	}

	@Test
	void anErasureSentOnANonOwnerRunsOnTheOwnerAndItsLiveCellSeesIt() {
		start(settings());
		onA("acc-1").askAndWait(AccountBehavior.open("acc-1", 100));
		assertThat(this.engines.get(1).entityTypes().get(0).liveEntities()).as("live on b").isEqualTo(1);
		ErasureMarker marker = this.engines.get(0).eraseEntity("account", "acc-1");
		assertThat(marker.persistenceId()).isEqualTo("account|acc-1");
		assertThat(marker.erasedToSequenceNr()).isEqualTo(1);
		assertThat(this.engines.get(1).entityTypes().get(0).liveEntities())
			.as("the owner's cell passivated by the erasure it ran")
			.isZero();
		long head = this.journal.highestSequenceNr("account|acc-1");
		CommandReply<Account> after = onA("acc-1").askAndWait(AccountBehavior.credit("acc-1", 5));
		assertThat(after).isInstanceOfSatisfying(CommandReply.Rejected.class,
				(reply) -> assertThat(reply.rejection()).isInstanceOf(EntityErasedException.class));
		assertThat(this.journal.highestSequenceNr("account|acc-1")).as("nothing written after the erasure")
			.isEqualTo(head);
		assertThatThrownBy(() -> this.engines.get(0).eraseEntity("account", "nobody"))
			.isInstanceOf(EntityNotFoundException.class);
	}

	@Test
	void anUnknownCommandClassIsAnUnknownTypeNotAnExecution() {
		start(settings());
		ForwardedReply reply = this.onB.local()
			.execute(
					new ForwardedCommand(ForwardedCommand.Kind.COMMAND, "account", "acc-1", "ego.test.bank.OpenAccount",
							"io.ego.test.bank.NoSuchClass", new byte[0], "c-1", Duration.ofSeconds(1).toNanos()))
			.join();
		assertThat(reply.outcome()).isEqualTo(ForwardedReply.Outcome.UNKNOWN_TYPE);
		assertThat(reply.message()).contains("io.ego.test.bank.NoSuchClass");
	}

	@Test
	void aForwardedCommandToAnIdleEntityOnInMemoryStoresRunsOnTheTransportsThreadAndIsAnsweredAtOnce() {
		GatedJournal journal = new GatedJournal(this.journal);
		LocalCommands owner = owner(journal);
		CompletableFuture<ForwardedReply> reply = owner.execute(open("acc-1", "c-1"));
		assertThat(reply).as("answered before execute returned").isDone();
		assertThat(reply.join().outcome()).isEqualTo(ForwardedReply.Outcome.ACCEPTED);
		assertThat(journal.appendThreads).containsExactly(Thread.currentThread());
	}

	@Test
	void aForwardedCommandToABusyEntityDoesNotBlockTheTransportsThreadAndIsAnsweredWhenItsTurnComes() throws Exception {
		GatedJournal journal = new GatedJournal(this.journal);
		LocalCommands owner = owner(journal);
		CountDownLatch release = journal.holdNextAppend();
		CompletableFuture<CompletableFuture<ForwardedReply>> first = new CompletableFuture<>();
		Thread.ofVirtual().start(() -> first.complete(owner.execute(open("acc-1", "c-1"))));
		assertThat(journal.held.await(5, TimeUnit.SECONDS)).as("the first command is writing").isTrue();
		CompletableFuture<ForwardedReply> second = owner.execute(new ForwardedCommand(ForwardedCommand.Kind.COMMAND,
				"account", "acc-1", "ego.test.bank.CreditAccount", "io.ego.test.bank.CreditAccount",
				AccountBehavior.credit("acc-1", 5).toByteArray(), "c-2", Duration.ofSeconds(1).toNanos()));
		assertThat(second).as("queued behind the first, not waited for").isNotDone();
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(ForwardedReply.Outcome.ACCEPTED);
		ForwardedReply credited = second.get(5, TimeUnit.SECONDS);
		assertThat(credited.outcome()).isEqualTo(ForwardedReply.Outcome.ACCEPTED);
		assertThat(credited.revision()).isEqualTo(2);
	}

	/** An engine owning every entity, on the journal given; its local side. */
	private LocalCommands owner(EventStore journal) {
		PairRouter router = new PairRouter((id) -> true);
		this.engines.add(EgoEngine.builder()
			.eventStore(journal)
			.erasureStore(this.erasures)
			.eventSourced("account", new AccountBehavior(), settings())
			.commandRouter(router)
			.build());
		return router.local();
	}

	private static ForwardedCommand open(String id, String commandId) {
		return new ForwardedCommand(ForwardedCommand.Kind.COMMAND, "account", id, "ego.test.bank.OpenAccount",
				"io.ego.test.bank.OpenAccount", AccountBehavior.open(id, 100).toByteArray(), commandId,
				Duration.ofSeconds(1).toNanos());
	}

	/**
	 * An in-memory journal (so the engine runs idle entities on the caller's thread) that
	 * records which threads append and can hold an append until released.
	 */
	private static final class GatedJournal extends ForwardingEventStore implements NonBlockingStore {

		final List<Thread> appendThreads = new CopyOnWriteArrayList<>();

		final CountDownLatch held = new CountDownLatch(1);

		private volatile @Nullable CountDownLatch gate;

		GatedJournal(EventStore delegate) {
			super(delegate);
		}

		CountDownLatch holdNextAppend() {
			CountDownLatch release = new CountDownLatch(1);
			this.gate = release;
			return release;
		}

		@Override
		public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
			this.appendThreads.add(Thread.currentThread());
			CountDownLatch release = this.gate;
			if (release != null) {
				this.gate = null;
				this.held.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			super.append(persistenceId, expectedSequenceNr, events);
		}

	}

	/**
	 * A router owning the entities its predicate accepts, forwarding the others to its
	 * peer's engine, with faults to inject.
	 */
	private static final class PairRouter implements CommandRouter {

		private final Predicate<String> owns;

		volatile @Nullable PairRouter peer;

		private volatile @Nullable LocalCommands local;

		final AtomicInteger sent = new AtomicInteger();

		/** Replies to lose after the peer ran the command. */
		final AtomicInteger loseReplies = new AtomicInteger();

		/** Sends that throw (not a failed future) after the peer ran the command. */
		final AtomicInteger throwAfterRun = new AtomicInteger();

		/** Sends answered "not the owner" without running. */
		final AtomicInteger notOwner = new AtomicInteger();

		volatile boolean undeliverable;

		volatile boolean hang;

		PairRouter(Predicate<String> owns) {
			this.owns = owns;
		}

		LocalCommands local() {
			LocalCommands commands = this.local;
			assertThat(commands).isNotNull();
			return commands;
		}

		@Override
		public void start(LocalCommands local) {
			this.local = local;
		}

		@Override
		public boolean isLocal(String persistenceId) {
			return this.owns.test(persistenceId);
		}

		@Override
		public CompletableFuture<ForwardedReply> forward(ForwardedCommand command) {
			this.sent.incrementAndGet();
			if (this.undeliverable) {
				return CompletableFuture.failedFuture(new CommandNotForwardedException("no route"));
			}
			if (this.hang) {
				return new CompletableFuture<>();
			}
			if (this.notOwner.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				return CompletableFuture.completedFuture(ForwardedReply.of(ForwardedReply.Outcome.NOT_OWNER, "moving"));
			}
			PairRouter owner = this.peer;
			assertThat(owner).isNotNull();
			CompletableFuture<ForwardedReply> reply = owner.local().execute(command);
			if (this.throwAfterRun.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				reply.join();
				throw new IllegalStateException("the router failed after the command ran");
			}
			if (this.loseReplies.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				return reply.thenCompose((ignored) -> CompletableFuture
					.failedFuture(new IllegalStateException("connection reset after the command ran")));
			}
			return reply;
		}

	}

}
