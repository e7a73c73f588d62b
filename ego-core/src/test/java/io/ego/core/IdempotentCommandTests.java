package io.ego.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.Message;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.internal.codec.CommandIds;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.StatePublisher;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreOutcomeUnknownException;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.DebitAccount;
import io.ego.test.bank.GetAccount;
import io.ego.test.bank.OpenAccount;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for idempotent commands: a command re-sent with an id the entity handled gets the
 * original outcome and writes nothing, in a live cell, after an ambiguous commit, after
 * passivation, after a restart and after a snapshot with retention.
 */
class IdempotentCommandTests {

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final List<EgoEngine> engines = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeEngines() {
		this.engines.forEach(EgoEngine::close);
	}

	private EgoEngine engine(EntitySettings settings) {
		return engine(this.journal, settings);
	}

	private EgoEngine engine(EventStore events, EntitySettings settings) {
		EgoEngine engine = EgoEngine.builder()
			.eventStore(events)
			.snapshotStore(this.snapshots)
			.eventSourced("account", new AccountBehavior(), settings)
			.build();
		this.engines.add(engine);
		return engine;
	}

	private static EntityRef<Account> open(EgoEngine engine, String id, long balance) {
		EntityRef<Account> account = engine.entity(AccountBehavior.class, id);
		assertThat(account.askAndWait(OpenAccount.newBuilder().setId(id).setInitialBalance(balance).build()))
			.isInstanceOf(CommandReply.Accepted.class);
		return account;
	}

	private static CreditAccount credit(String id, long amount) {
		return CreditAccount.newBuilder().setId(id).setAmount(amount).build();
	}

	@Test
	void resendingACommandIdReturnsTheOriginalAcceptanceAndWritesNothing() {
		EgoEngine engine = engine(EntitySettings.defaults());
		EntityRef<Account> account = open(engine, "a1", 100);
		CommandReply<Account> first = account.askAndWait(credit("a1", 10), CommandOptions.id("credit-1"));
		CommandReply<Account> again = account.askAndWait(credit("a1", 10), CommandOptions.id("credit-1"));
		assertThat(first).isInstanceOf(CommandReply.Accepted.class);
		assertThat(again).isInstanceOf(CommandReply.Accepted.class);
		assertThat(again.revision()).isEqualTo(first.revision()).isEqualTo(2);
		assertThat(again.state().getBalance()).isEqualTo(110);
		assertThat(this.journal.highestSequenceNr("account|a1")).isEqualTo(2);
		assertThat(this.journal.replay("account|a1", 2, 2, 1).get(0).metadata()).containsEntry(CommandIds.METADATA_KEY,
				"credit-1");
	}

	@Test
	void resendingARejectedCommandIdReturnsTheSameRejectionWhileTheEntityIsLive() {
		EgoEngine engine = engine(EntitySettings.defaults());
		EntityRef<Account> account = open(engine, "a2", 5);
		DebitAccount debit = DebitAccount.newBuilder().setId("a2").setAmount(50).build();
		CommandReply<Account> first = account.askAndWait(debit, CommandOptions.id("debit-1"));
		account.askAndWait(credit("a2", 100));
		CommandReply<Account> again = account.askAndWait(debit, CommandOptions.id("debit-1"));
		assertThat(first).isInstanceOf(CommandReply.Rejected.class);
		assertThat(again).isInstanceOf(CommandReply.Rejected.class);
		assertThat(((CommandReply.Rejected<Account>) again).reason())
			.isEqualTo(((CommandReply.Rejected<Account>) first).reason());
		assertThat(this.journal.highestSequenceNr("account|a2")).isEqualTo(2);
	}

	@Test
	void aRejectedCommandIdReSentInTheSameBatchGetsTheSameRejection() throws Exception {
		// the cell's batch holds a write, then the rejection, then a credit that would
		// let the re-sent debit pass: the re-send must get the rejection all the same
		CountDownLatch appending = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		EventStore gated = new ForwardingEventStore(this.journal) {
			@Override
			public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
				if (expectedSequenceNr == 1) {
					appending.countDown();
					try {
						release.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				super.append(persistenceId, expectedSequenceNr, events);
			}
		};
		EgoEngine engine = engine(gated, EntitySettings.defaults());
		EntityRef<Account> account = open(engine, "a9", 5);
		CompletableFuture<CommandReply<Account>> blocked = account.ask(credit("a9", 1));
		assertThat(appending.await(10, TimeUnit.SECONDS)).isTrue();
		DebitAccount debit = DebitAccount.newBuilder().setId("a9").setAmount(50).build();
		CompletableFuture<CommandReply<Account>> written = account.ask(credit("a9", 1));
		CompletableFuture<CommandReply<Account>> first = account.ask(debit, CommandOptions.id("debit-9"));
		CompletableFuture<CommandReply<Account>> credit = account.ask(credit("a9", 100));
		CompletableFuture<CommandReply<Account>> again = account.ask(debit, CommandOptions.id("debit-9"));
		release.countDown();

		assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(CommandReply.Accepted.class);
		assertThat(written.get(10, TimeUnit.SECONDS)).isInstanceOf(CommandReply.Accepted.class);
		assertThat(credit.get(10, TimeUnit.SECONDS)).isInstanceOf(CommandReply.Accepted.class);
		assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(CommandReply.Rejected.class);
		assertThat(again.get(10, TimeUnit.SECONDS)).as("the re-sent debit").isInstanceOf(CommandReply.Rejected.class);
		assertThat(account.state().state().getBalance()).isEqualTo(107);
	}

	@Test
	void aRetryAfterAnAmbiguousCommitHasOneEffect() {
		AtomicBoolean ambiguous = new AtomicBoolean(true);
		ForwardingEventStore committedButUnanswered = new ForwardingEventStore(this.journal) {

			@Override
			public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
				delegate().append(persistenceId, expectedSequenceNr, events);
				if (expectedSequenceNr > 0 && ambiguous.getAndSet(false)) {
					throw new StoreOutcomeUnknownException("injected: the commit's answer was lost");
				}
			}

		};
		EgoEngine engine = engine(committedButUnanswered, EntitySettings.defaults());
		EntityRef<Account> account = open(engine, "a3", 100);
		CommandReply<Account> first = account.askAndWait(credit("a3", 25), CommandOptions.id("credit-3"));
		CommandReply<Account> retry = account.askAndWait(credit("a3", 25), CommandOptions.id("credit-3"));
		assertThat(first).isInstanceOfSatisfying(CommandReply.Failed.class,
				(failed) -> assertThat(failed.outcomeUnknown()).isTrue());
		assertThat(retry).isInstanceOf(CommandReply.Accepted.class);
		assertThat(retry.revision()).isEqualTo(2);
		assertThat(retry.state().getBalance()).isEqualTo(125);
		assertThat(this.journal.highestSequenceNr("account|a3")).isEqualTo(2);
	}

	@Test
	void aRetryOnANewEngineAfterTheWriteIsAnsweredFromTheJournal() {
		EgoEngine before = engine(EntitySettings.defaults());
		EntityRef<Account> account = open(before, "a4", 100);
		CommandReply<Account> first = account.askAndWait(credit("a4", 7), CommandOptions.id("credit-4"));
		// the engine dies between the write and the reply: a new engine on the same store
		before.close();
		EgoEngine after = engine(EntitySettings.defaults());
		CommandReply<Account> retry = after.entity(AccountBehavior.class, "a4")
			.askAndWait(credit("a4", 7), CommandOptions.id("credit-4"));
		assertThat(retry).isInstanceOf(CommandReply.Accepted.class);
		assertThat(retry.revision()).isEqualTo(first.revision());
		assertThat(retry.state().getBalance()).isEqualTo(107);
		assertThat(this.journal.highestSequenceNr("account|a4")).isEqualTo(2);
	}

	@Test
	void aRetryOnANewEngineIsAnsweredFromTheJournalWhenRecoveryReadsCarryNoWriteTime() {
		// as the JDBC store's recovery reads do, which the SPI allows
		EventStore withoutWriteTimes = new ForwardingEventStore(this.journal) {
			@Override
			public List<PersistedEvent> replayForRecovery(String persistenceId, long fromSequenceNr, long toSequenceNr,
					int limit) {
				return super.replayForRecovery(persistenceId, fromSequenceNr, toSequenceNr, limit).stream()
					.map((event) -> new PersistedEvent(event.persistenceId(), event.entityType(), event.sequenceNr(), 0,
							event.slice(), event.eventType(), event.payload(), Instant.EPOCH, event.metadata(),
							event.keyId()))
					.toList();
			}
		};
		EgoEngine before = engine(withoutWriteTimes, EntitySettings.defaults());
		open(before, "a9", 100);
		before.entity(AccountBehavior.class, "a9").askAndWait(credit("a9", 7), CommandOptions.id("credit-9"));
		before.close();
		EgoEngine after = engine(withoutWriteTimes, EntitySettings.defaults());
		CommandReply<Account> retry = after.entity(AccountBehavior.class, "a9")
			.askAndWait(credit("a9", 7), CommandOptions.id("credit-9"));
		assertThat(retry).isInstanceOf(CommandReply.Accepted.class);
		assertThat(retry.revision()).isEqualTo(2);
		assertThat(retry.state().getBalance()).isEqualTo(107);
		assertThat(this.journal.highestSequenceNr("account|a9")).isEqualTo(2);
	}

	@Test
	void aRetryAfterPassivationIsAnsweredFromTheJournal() {
		EgoEngine engine = engine(EntitySettings.defaults().withPassivateAfter(Duration.ofMillis(20)));
		EntityRef<Account> account = open(engine, "a5", 100);
		account.askAndWait(credit("a5", 3), CommandOptions.id("credit-5"));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> engine.entityTypes().get(0).liveEntities() == 0);
		CommandReply<Account> retry = account.askAndWait(credit("a5", 3), CommandOptions.id("credit-5"));
		assertThat(retry.revision()).isEqualTo(2);
		assertThat(retry.state().getBalance()).isEqualTo(103);
		assertThat(this.journal.highestSequenceNr("account|a5")).isEqualTo(2);
	}

	@Test
	void aSnapshotCarriesTheIdsWhoseEventsRetentionDeleted() {
		EntitySettings settings = EntitySettings.defaults()
			.withSnapshotInterval(3)
			.withRetention(new RetentionPolicy(true, true, 0));
		EgoEngine before = engine(settings);
		EntityRef<Account> account = open(before, "a6", 100);
		account.askAndWait(credit("a6", 1), CommandOptions.id("credit-6"));
		account.askAndWait(credit("a6", 1));
		// the snapshot at 3 lets retention delete events 1 and 2: the id is only in the
		// snapshot now
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.journal.replay("account|a6", 1, Long.MAX_VALUE, 10).size() == 1);
		before.close();
		EgoEngine after = engine(settings);
		CommandReply<Account> retry = after.entity(AccountBehavior.class, "a6")
			.askAndWait(credit("a6", 1), CommandOptions.id("credit-6"));
		assertThat(retry.revision()).isEqualTo(2);
		assertThat(retry.state().getBalance()).isEqualTo(102);
		assertThat(this.journal.highestSequenceNr("account|a6")).isEqualTo(3);
	}

	@Test
	void anIdBeyondTheWindowIsHandledAsANewCommand() {
		EgoEngine engine = engine(EntitySettings.defaults().withDedupe(new DedupePolicy(2, Duration.ofHours(1))));
		EntityRef<Account> account = open(engine, "a7", 0);
		account.askAndWait(credit("a7", 1), CommandOptions.id("c1"));
		account.askAndWait(credit("a7", 1), CommandOptions.id("c2"));
		account.askAndWait(credit("a7", 1), CommandOptions.id("c3"));
		assertThat(account.askAndWait(credit("a7", 1), CommandOptions.id("c3")).state().getBalance()).isEqualTo(3);
		// c1 fell out of the window of 2: documented as a new command
		assertThat(account.askAndWait(credit("a7", 1), CommandOptions.id("c1")).state().getBalance()).isEqualTo(4);
	}

	@Test
	void withDedupeOffIdsAreRecordedButNotChecked() {
		EgoEngine engine = engine(EntitySettings.defaults().withDedupe(DedupePolicy.OFF));
		EntityRef<Account> account = open(engine, "a8", 0);
		account.askAndWait(credit("a8", 1), CommandOptions.id("c1"));
		assertThat(account.askAndWait(credit("a8", 1), CommandOptions.id("c1")).state().getBalance()).isEqualTo(2);
	}

	@Test
	void sixtyFourCallersRetryingEveryCommandThreeTimesKeepEveryBalanceExact() throws Exception {
		EgoEngine engine = engine(EntitySettings.defaults());
		int accounts = 100;
		for (int i = 0; i < accounts; i++) {
			open(engine, "p" + i, 0);
		}
		Map<String, AtomicLong> expected = new ConcurrentHashMap<>();
		List<Thread> callers = new ArrayList<>();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		for (int c = 0; c < 64; c++) {
			int caller = c;
			callers.add(Thread.ofVirtual().start(() -> {
				try {
					for (int n = 0; n < 50; n++) {
						String id = "p" + ThreadLocalRandom.current().nextInt(accounts);
						long amount = 1 + ThreadLocalRandom.current().nextInt(9);
						CommandOptions options = CommandOptions.id("caller-" + caller + "-" + n);
						EntityRef<Account> account = engine.entity(AccountBehavior.class, id);
						// the same command three times at once: one effect
						List<Future<CommandReply<Account>>> sends = new ArrayList<>();
						for (int k = 0; k < 3; k++) {
							sends.add(account.ask(credit(id, amount), options));
						}
						for (Future<CommandReply<Account>> send : sends) {
							assertThat(send.get()).isInstanceOf(CommandReply.Accepted.class);
						}
						expected.computeIfAbsent(id, (key) -> new AtomicLong()).addAndGet(amount);
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			}));
		}
		for (Thread caller : callers) {
			caller.join();
		}
		assertThat(failures).isEmpty();
		for (int i = 0; i < accounts; i++) {
			String id = "p" + i;
			CommandReply<Account> reply = engine.entity(AccountBehavior.class, id)
				.askAndWait(GetAccount.newBuilder().setId(id).build());
			long want = expected.getOrDefault(id, new AtomicLong()).get();
			assertThat(reply.state().getBalance()).as(id).isEqualTo(want);
		}
	}

	@Test
	void aDurableStateCommandReSentIsAnsweredWithItsRevisionAlsoOnANewEngine() {
		InMemoryDurableStateStore states = new InMemoryDurableStateStore();
		EgoEngine before = durableEngine(states);
		EntityRef<Counter> counter = before.entity(CounterBehavior.class, "c1");
		CommandReply<Counter> first = counter.askAndWait(CounterBehavior.by(5), CommandOptions.id("inc-1"));
		CommandReply<Counter> again = counter.askAndWait(CounterBehavior.by(5), CommandOptions.id("inc-1"));
		counter.askAndWait(CounterBehavior.by(1));
		assertThat(again.revision()).isEqualTo(first.revision()).isEqualTo(1);
		assertThat(again.state().getValue()).isEqualTo(5);
		before.close();
		EgoEngine after = durableEngine(states);
		CommandReply<Counter> retry = after.entity(CounterBehavior.class, "c1")
			.askAndWait(CounterBehavior.by(5), CommandOptions.id("inc-1"));
		assertThat(retry.revision()).isEqualTo(1);
		assertThat(retry.state().getValue()).isEqualTo(6);
		DurableStateRecord stored = states.get("counter|c1");
		assertThat(stored).isNotNull();
		assertThat(stored.revision()).isEqualTo(2);
	}

	@Test
	void aStatePublisherReadsAStateThatCarriesCommandIds() {
		InMemoryDurableStateStore states = new InMemoryDurableStateStore();
		List<Message> published = new CopyOnWriteArrayList<>();
		EgoEngine engine = EgoEngine.builder()
			.durableStateStore(states)
			.offsetStore(new InMemoryOffsetStore())
			.deadLetterStore(new InMemoryDeadLetterStore())
			.durableState("counter", new CounterBehavior())
			.statePublisher("states",
					(StatePublisher) (batch) -> batch.forEach((envelope) -> published.add(envelope.state())),
					ProjectionSettings.defaults())
			.build();
		this.engines.add(engine);
		engine.entity(CounterBehavior.class, "c2").askAndWait(CounterBehavior.by(3), CommandOptions.id("inc-2"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(published).containsExactly(Counter.newBuilder().setValue(3).build()));
	}

	private EgoEngine durableEngine(InMemoryDurableStateStore states) {
		EgoEngine engine = EgoEngine.builder()
			.durableStateStore(states)
			.durableState("counter", new CounterBehavior())
			.build();
		this.engines.add(engine);
		return engine;
	}

}
