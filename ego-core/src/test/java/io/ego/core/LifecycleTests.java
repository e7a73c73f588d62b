package io.ego.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.Message;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.fixtures.InstrumentedEventStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.StoreException;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import io.ego.test.bank.GetAccount;
import io.ego.test.bank.MultiCredit;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Recovery, snapshots, retention, passivation, batching and timeouts.
 */
class LifecycleTests {

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private EgoEngine engine(EventStore events, EntitySettings settings) {
		return EgoEngine.builder()
			.eventStore(events)
			.snapshotStore(this.snapshots)
			.eventSourced("account", new AccountBehavior(), settings)
			.build();
	}

	private static CommandReply<Account> ask(EgoEngine engine, String id, Message command) {
		return engine.entity(AccountBehavior.class, id).askAndWait(command);
	}

	@Test
	void newEngineOnTheSameStoreRecoversEveryEntity() {
		try (EgoEngine first = engine(this.journal, EntitySettings.defaults())) {
			for (int i = 0; i < 20; i++) {
				ask(first, "a-" + i, open("a-" + i, i));
				for (int c = 0; c < i; c++) {
					ask(first, "a-" + i, credit("a-" + i, 10));
				}
			}
		}
		try (EgoEngine second = engine(this.journal, EntitySettings.defaults())) {
			for (int i = 0; i < 20; i++) {
				CommandReply<Account> reply = ask(second, "a-" + i, GetAccount.getDefaultInstance());
				assertThat(reply.state().getBalance()).isEqualTo(i + 10L * i);
				assertThat(reply.revision()).isEqualTo(i + 1);
			}
		}
	}

	@Test
	void recoveryFromASnapshotReadsOnlyTheEventsAfterIt() {
		EntitySettings settings = EntitySettings.defaults().withSnapshotInterval(10).withReplayPageSize(4);
		try (EgoEngine first = engine(this.journal, settings)) {
			ask(first, "s", open("s", 0));
			for (int i = 0; i < 24; i++) {
				ask(first, "s", credit("s", 1));
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.snapshots.latest("account|s") != null
						&& this.snapshots.latest("account|s").sequenceNr() == 20);
		}
		InstrumentedEventStore counting = new InstrumentedEventStore(this.journal);
		try (EgoEngine second = engine(counting, settings)) {
			CommandReply<Account> reply = ask(second, "s", GetAccount.getDefaultInstance());
			assertThat(reply.state().getBalance()).isEqualTo(24);
			assertThat(reply.revision()).isEqualTo(25);
			assertThat(counting.replays).isNotEmpty();
			// from the snapshot's next event
			assertThat(counting.replays.get(0)[0]).isEqualTo(21);
			assertThat(counting.replays).hasSize(2); // paged: 4 events, then the last 1
		}
	}

	@Test
	void aMultiEventCommandCrossingTheIntervalTakesASnapshot() {
		try (EgoEngine engine = engine(this.journal, EntitySettings.defaults().withSnapshotInterval(10))) {
			ask(engine, "m", open("m", 0));
			MultiCredit many = MultiCredit.newBuilder()
				.setId("m")
				.addAllAmounts(List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L))
				.build();
			assertThat(ask(engine, "m", many).revision()).isEqualTo(16);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.snapshots.latest("account|m") != null);
			SnapshotRecord snapshot = this.snapshots.latest("account|m");
			assertThat(snapshot.sequenceNr()).isEqualTo(16);
		}
	}

	@Test
	void retentionDeletesUpToTheSnapshotButNeverBeyondWhatConsumersHandled() {
		AtomicLong consumer = new AtomicLong(0);
		EntitySettings settings = EntitySettings.defaults()
			.withSnapshotInterval(10)
			.withRetention(new RetentionPolicy(true, true, 3));
		try (EgoEngine engine = EgoEngine.builder()
			.eventStore(this.journal)
			.snapshotStore(this.snapshots)
			.consumerProgress(consumer::get)
			.eventSourced("account", new AccountBehavior(), settings)
			.build()) {
			ask(engine, "r", open("r", 0));
			for (int i = 0; i < 9; i++) {
				ask(engine, "r", credit("r", 1));
			}
			await().until(() -> this.snapshots.latest("account|r") != null);
			// the consumer has handled nothing: nothing may be deleted
			assertThat(this.journal.replay("account|r", 1, 100, 100)).hasSize(10);
			long positionOfFifth = this.journal.replay("account|r", 5, 5, 1).get(0).position();
			consumer.set(positionOfFifth);
			for (int i = 0; i < 10; i++) {
				ask(engine, "r", credit("r", 1));
			}
			await().until(() -> this.snapshots.latest("account|r").sequenceNr() == 20);
			await().untilAsserted(() -> assertThat(this.journal.replay("account|r", 1, 100, 100).get(0).sequenceNr())
				// 1..5 handled by the consumer; the policy alone would delete up to 17
				.isEqualTo(6));
			consumer.set(Long.MAX_VALUE);
			for (int i = 0; i < 10; i++) {
				ask(engine, "r", credit("r", 1));
			}
			await().until(() -> this.snapshots.latest("account|r").sequenceNr() == 30);
			await().untilAsserted(() -> {
				List<PersistedEvent> left = this.journal.replay("account|r", 1, 100, 100);
				// keeps 3 before the snapshot at 30
				assertThat(left.get(0).sequenceNr()).isEqualTo(28);
				assertThat(this.snapshots.latest("account|r").sequenceNr()).isEqualTo(30);
			});
			assertThat(this.journal.highestSequenceNr("account|r")).isEqualTo(30);
		}
		try (EgoEngine restarted = engine(this.journal, settings)) {
			assertThat(ask(restarted, "r", GetAccount.getDefaultInstance()).state().getBalance()).isEqualTo(29);
		}
	}

	@Test
	void idleEntitiesArePassivatedAndReactivatedWithTheirState() {
		try (EgoEngine engine = engine(this.journal,
				EntitySettings.defaults().withPassivateAfter(Duration.ofMillis(50)))) {
			ask(engine, "p", open("p", 5));
			ask(engine, "p", credit("p", 5));
			await().atMost(Duration.ofSeconds(5)).until(() -> engine.entityTypes().get(0).liveEntities() == 0);
			CommandReply<Account> reply = ask(engine, "p", credit("p", 1));
			assertThat(reply.state().getBalance()).isEqualTo(11);
			assertThat(reply.revision()).isEqualTo(3);
		}
	}

	@Test
	void commandsRacingPassivationAreNeitherLostNorReordered() throws Exception {
		try (EgoEngine engine = engine(this.journal,
				EntitySettings.defaults().withPassivateAfter(Duration.ofMillis(1)))) {
			ask(engine, "race", open("race", 0));
			long total = 0;
			for (int i = 1; i <= 300; i++) {
				CommandReply<Account> reply = ask(engine, "race", credit("race", i));
				total += i;
				assertThat(reply.state().getBalance()).isEqualTo(total);
				if (i % 30 == 0) {
					// passivation happens between commands
					await().atMost(Duration.ofSeconds(5)).until(() -> engine.entityTypes().get(0).liveEntities() == 0);
				}
			}
			assertThat(this.journal.highestSequenceNr("account|race")).isEqualTo(301);
		}
	}

	@Test
	void windowBatchingWritesUpToTheThresholdInOneAppend() {
		InstrumentedEventStore counting = new InstrumentedEventStore(this.journal);
		try (EgoEngine engine = engine(counting, EntitySettings.defaults().withBatching(10, Duration.ofSeconds(2)))) {
			EntityRef<Account> ref = engine.entity(AccountBehavior.class, "w");
			// window passes: 1 event, 1 append
			assertThat(ref.ask(open("w", 0)).join().revision()).isEqualTo(1);
			counting.appends.set(0);
			List<CompletableFuture<CommandReply<Account>>> replies = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				replies.add(ref.ask(credit("w", 1)));
			}
			List<Long> revisions = replies.stream().map(CompletableFuture::join).map(CommandReply::revision).toList();
			assertThat(revisions).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
			assertThat(counting.appends.get()).isEqualTo(1);
		}
	}

	@Test
	void adaptiveBatchingGroupsWhatQueuedDuringAWrite() {
		InstrumentedEventStore slow = new InstrumentedEventStore(this.journal).slow(20);
		try (EgoEngine engine = engine(slow, EntitySettings.defaults())) {
			EntityRef<Account> ref = engine.entity(AccountBehavior.class, "g");
			ref.askAndWait(open("g", 0));
			slow.appends.set(0);
			List<CompletableFuture<CommandReply<Account>>> replies = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				replies.add(ref.ask(credit("g", 1)));
			}
			assertThat(replies.stream().map(CompletableFuture::join).mapToLong((r) -> r.state().getBalance()).max())
				.hasValue(50);
			assertThat(slow.appends.get()).isLessThan(10);
		}
	}

	@Test
	void aCommandWithoutReplyInTimeFailsWithATimeoutAndTheEntityRecovers() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch entered = new CountDownLatch(1);
		EventStore blocking = new BlockingEventStore(this.journal, entered, release);
		try (EgoEngine engine = engine(blocking, EntitySettings.defaults().withAskTimeout(Duration.ofMillis(100)))) {
			EntityRef<Account> ref = engine.entity(AccountBehavior.class, "t");
			CompletableFuture<CommandReply<Account>> first = ref.ask(open("t", 1));
			entered.await(); // the open is being written: the credit queues behind it
			CommandReply<Account> second = ref.askAndWait(credit("t", 1));
			assertThat(second).isInstanceOfSatisfying(CommandReply.Failed.class,
					(failed) -> assertThat(failed.error()).isInstanceOf(CommandTimeoutException.class)
						.hasMessageContaining("account|t"));
			assertThat(first.join()).isInstanceOf(CommandReply.Failed.class);
			release.countDown();
			await().untilAsserted(() -> assertThat(ref.askAndWait(GetAccount.getDefaultInstance()).state().getBalance())
				// the open was written once the store answered; the timed-out credit
				// never ran
				.isEqualTo(1));
		}
	}

	@Test
	void durableStateSurvivesRestartAndDetectsAnotherWriter() {
		InMemoryDurableStateStore states = new InMemoryDurableStateStore();
		EntitySettings noRetries = EntitySettings.defaults().withConflictRetries(0);
		try (EgoEngine first = EgoEngine.builder()
			.durableStateStore(states)
			.durableState("counter", new CounterBehavior(), noRetries)
			.build();
				EgoEngine second = EgoEngine.builder()
					.durableStateStore(states)
					.durableState("counter", new CounterBehavior(), noRetries)
					.build()) {
			EntityRef<Counter> a = first.entity(CounterBehavior.class, "c");
			EntityRef<Counter> b = second.entity(CounterBehavior.class, "c");
			assertThat(a.askAndWait(CounterBehavior.by(1)).revision()).isEqualTo(1);
			// b recovered revision 1
			assertThat(b.askAndWait(CounterBehavior.by(1)).revision()).isEqualTo(2);
			// a still believes revision 1
			CommandReply<Counter> stale = a.askAndWait(CounterBehavior.by(1));
			assertThat(stale).isInstanceOfSatisfying(CommandReply.Failed.class, (failed) -> {
				assertThat(failed.error()).isInstanceOf(PersistenceFailureException.class)
					.hasMessageContaining("conflicted");
				// a conflict proves nothing was written
				assertThat(failed.outcomeUnknown()).isFalse();
			});
			CommandReply<Counter> reloaded = a.askAndWait(CounterBehavior.by(1));
			assertThat(reloaded.state().getValue()).isEqualTo(3);
			assertThat(reloaded.revision()).isEqualTo(3);
		}
	}

	@Test
	void durableStateConflictIsDecidedAgainAgainstTheOtherWritersState() {
		InMemoryDurableStateStore states = new InMemoryDurableStateStore();
		try (EgoEngine first = EgoEngine.builder()
			.durableStateStore(states)
			.durableState("counter", new CounterBehavior())
			.build();
				EgoEngine second = EgoEngine.builder()
					.durableStateStore(states)
					.durableState("counter", new CounterBehavior())
					.build()) {
			EntityRef<Counter> a = first.entity(CounterBehavior.class, "c");
			EntityRef<Counter> b = second.entity(CounterBehavior.class, "c");
			assertThat(a.askAndWait(CounterBehavior.by(1)).revision()).isEqualTo(1);
			assertThat(b.askAndWait(CounterBehavior.by(1)).revision()).isEqualTo(2);
			// conflicts, reloads, decides again
			CommandReply<Counter> stale = a.askAndWait(CounterBehavior.by(1));
			assertThat(stale.state().getValue()).isEqualTo(3);
			assertThat(stale.revision()).isEqualTo(3);
		}
	}

	@Test
	void twoWritersOfOneEventSourcedEntityConflictInsteadOfOverwriting() {
		EntitySettings noRetries = EntitySettings.defaults().withConflictRetries(0);
		try (EgoEngine first = engine(this.journal, noRetries); EgoEngine second = engine(this.journal, noRetries)) {
			ask(first, "x", open("x", 0));
			ask(second, "x", credit("x", 5));
			CommandReply<Account> stale = ask(first, "x", credit("x", 1));
			assertThat(stale).isInstanceOfSatisfying(CommandReply.Failed.class, (failed) -> {
				assertThat(failed.error()).hasMessageContaining("conflicted");
				assertThat(failed.outcomeUnknown()).isFalse();
			});
			assertThat(ask(first, "x", credit("x", 1)).state().getBalance()).isEqualTo(6);
			assertThat(this.journal.highestSequenceNr("account|x")).isEqualTo(3);
		}
	}

	@Test
	void aConflictingCommandIsDecidedAgainAgainstTheOtherWritersEvents() {
		try (EgoEngine first = engine(this.journal, EntitySettings.defaults());
				EgoEngine second = engine(this.journal, EntitySettings.defaults())) {
			ask(first, "x", open("x", 0));
			ask(second, "x", credit("x", 5));
			// conflicts, reloads, decides again
			CommandReply<Account> stale = ask(first, "x", credit("x", 1));
			assertThat(stale.state().getBalance()).isEqualTo(6);
			assertThat(stale.revision()).isEqualTo(3);
			assertThat(this.journal.highestSequenceNr("account|x")).isEqualTo(3);
		}
	}

	@Test
	void aStoreFailureDuringRecoveryIsReadAgainBeforeTheCommandFails() {
		try (EgoEngine first = engine(this.journal, EntitySettings.defaults())) {
			ask(first, "r", open("r", 7));
		}
		AtomicInteger failures = new AtomicInteger(1);
		ForwardingEventStore stale = new ForwardingEventStore(this.journal) {

			@Override
			public List<PersistedEvent> replayForRecovery(String persistenceId, long fromSequenceNr, long toSequenceNr,
					int limit) {
				if (failures.getAndDecrement() > 0) {
					throw new StoreException("replay failed: java.io.EOFException (a stale connection)");
				}
				return super.replayForRecovery(persistenceId, fromSequenceNr, toSequenceNr, limit);
			}

		};
		try (EgoEngine engine = engine(stale, EntitySettings.defaults())) {
			CommandReply<Account> reply = ask(engine, "r", credit("r", 1));
			assertThat(reply.state().getBalance()).isEqualTo(8);
			assertThat(failures.get()).as("one failed read, then one that worked").isEqualTo(-1);
		}
	}

	/** Blocks appends until released. */
	private static final class BlockingEventStore extends ForwardingEventStore {

		private final CountDownLatch entered;

		private final CountDownLatch release;

		BlockingEventStore(EventStore delegate, CountDownLatch entered, CountDownLatch release) {
			super(delegate);
			this.entered = entered;
			this.release = release;
		}

		@Override
		public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
			this.entered.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			super.append(persistenceId, expectedSequenceNr, events);
		}

	}

}
