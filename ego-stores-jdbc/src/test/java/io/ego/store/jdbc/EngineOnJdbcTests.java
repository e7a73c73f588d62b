package io.ego.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.ego.core.CommandOptions;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EntityRef;
import io.ego.core.EntitySettings;
import io.ego.core.PersistenceFailureException;
import io.ego.core.RetentionPolicy;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.Counter;
import io.ego.test.bank.MultiCredit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.debit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static io.ego.store.jdbc.WriterProbe.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine of ego-core on the JDBC stores: the bank account across a restart with
 * snapshots and retention, two engines (two nodes) writing the same entities, and a
 * projection reading the journal.
 *
 * @author eGo team
 * @since 0.1.0
 */
class EngineOnJdbcTests {

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aBankAccountRecoversAfterARestartFromItsSnapshotAndTheRemainingEvents(JdbcDialect dialect) {
		Stores stores = new Stores(dialect);
		EntitySettings settings = EntitySettings.defaults()
			.withSnapshotInterval(5)
			.withRetention(new RetentionPolicy(true, true, 2))
			.withReplayPageSize(3);
		try (JdbcEventStore events = stores.eventStore()) {
			try (EgoEngine engine = stores.engine(events, settings)) {
				EntityRef<Account> account = engine.entity(AccountBehavior.class, "acc-1");
				assertThat(account.askAndWait(open("acc-1", 100)).revision()).isEqualTo(1);
				for (int i = 0; i < 10; i++) {
					account.askAndWait(credit("acc-1", 10));
				}
				account.askAndWait(MultiCredit.newBuilder().setId("acc-1").addAmounts(1).addAmounts(2).build());
				CommandReply<Account> last = account.askAndWait(debit("acc-1", 3));
				assertThat(last.revision()).isEqualTo(14);
				assertThat(last.state().getBalance()).isEqualTo(200);
			}
			await("the snapshot at 10", () -> snapshotAt(stores, "account|acc-1") >= 10);
			await("retention after the snapshot", () -> events.replay("account|acc-1", 1, 7, 10).isEmpty());
			List<PersistedEvent> kept = events.replay("account|acc-1", 1, Long.MAX_VALUE, 100);
			assertThat(kept.get(0).sequenceNr()).isBetween(8L, 13L);
			assertThat(events.highestSequenceNr("account|acc-1")).isEqualTo(14);

			try (EgoEngine restarted = stores.engine(events, settings)) {
				CommandReply<Account> recovered = restarted.entity(AccountBehavior.class, "acc-1")
					.askAndWait(credit("acc-1", 5));
				assertThat(recovered.revision()).isEqualTo(15);
				assertThat(recovered.state().getBalance()).isEqualTo(205);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void twoEnginesOnOneDatabaseConflictThenReloadAndContinue(JdbcDialect dialect) {
		Stores stores = new Stores(dialect);
		try (JdbcEventStore eventsA = stores.eventStore();
				JdbcEventStore eventsB = stores.eventStore();
				EgoEngine nodeA = stores.engine(eventsA, EntitySettings.defaults());
				EgoEngine nodeB = stores.engine(eventsB, EntitySettings.defaults())) {
			EntityRef<Account> onA = nodeA.entity(AccountBehavior.class, "shared");
			EntityRef<Account> onB = nodeB.entity(AccountBehavior.class, "shared");
			onA.askAndWait(open("shared", 10));
			assertThat(onB.askAndWait(credit("shared", 5)).revision()).isEqualTo(2);
			// A's stale write conflicts at the store (nothing written), A reloads and
			// decides the credit again
			CommandReply<Account> stale = onA.askAndWait(credit("shared", 1));
			assertThat(stale.revision()).isEqualTo(3);
			assertThat(stale.state().getBalance()).isEqualTo(16);
			assertThat(eventsA.highestSequenceNr("account|shared")).isEqualTo(3);

			EntityRef<Counter> counterA = nodeA.entity(CounterBehavior.class, "c");
			EntityRef<Counter> counterB = nodeB.entity(CounterBehavior.class, "c");
			assertThat(counterA.askAndWait(CounterBehavior.by(5)).revision()).isEqualTo(1);
			assertThat(counterB.askAndWait(CounterBehavior.by(2)).revision()).isEqualTo(2);
			CommandReply<Counter> counter = counterA.askAndWait(CounterBehavior.by(1));
			assertThat(counter.revision()).isEqualTo(3);
			assertThat(counter.state().getValue()).isEqualTo(8);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void withoutConflictRetriesAStaleWriteFailsAsNotWrittenAndTheNextOneReloads(JdbcDialect dialect) {
		Stores stores = new Stores(dialect);
		EntitySettings noRetries = EntitySettings.defaults().withConflictRetries(0);
		try (JdbcEventStore eventsA = stores.eventStore();
				JdbcEventStore eventsB = stores.eventStore();
				EgoEngine nodeA = stores.engine(eventsA, noRetries);
				EgoEngine nodeB = stores.engine(eventsB, noRetries)) {
			EntityRef<Account> onA = nodeA.entity(AccountBehavior.class, "shared");
			EntityRef<Account> onB = nodeB.entity(AccountBehavior.class, "shared");
			onA.askAndWait(open("shared", 10));
			assertThat(onB.askAndWait(credit("shared", 5)).revision()).isEqualTo(2);
			CommandReply<Account> stale = onA.askAndWait(credit("shared", 1));
			assertThat(stale).isInstanceOfSatisfying(CommandReply.Failed.class, (failed) -> {
				assertThat(failed.error()).isInstanceOf(PersistenceFailureException.class)
					.hasMessageContaining("conflicted");
				assertThat(failed.outcomeUnknown()).isFalse();
			});
			CommandReply<Account> reloaded = onA.askAndWait(credit("shared", 1));
			assertThat(reloaded.revision()).isEqualTo(3);
			assertThat(reloaded.state().getBalance()).isEqualTo(16);

			EntityRef<Counter> counterA = nodeA.entity(CounterBehavior.class, "c");
			EntityRef<Counter> counterB = nodeB.entity(CounterBehavior.class, "c");
			assertThat(counterA.askAndWait(CounterBehavior.by(5)).revision()).isEqualTo(1);
			assertThat(counterB.askAndWait(CounterBehavior.by(2)).revision()).isEqualTo(2);
			assertThat(counterA.askAndWait(CounterBehavior.by(1))).isInstanceOf(CommandReply.Failed.class);
			CommandReply<Counter> counter = counterA.askAndWait(CounterBehavior.by(1));
			assertThat(counter.revision()).isEqualTo(3);
			assertThat(counter.state().getValue()).isEqualTo(8);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aProjectionReadsEveryEventOfTheJournalOnce(JdbcDialect dialect) {
		Stores stores = new Stores(dialect);
		Set<String> seen = ConcurrentHashMap.newKeySet();
		AtomicLong duplicates = new AtomicLong();
		AtomicLong credited = new AtomicLong();
		try (JdbcEventStore events = stores.eventStore();
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.snapshotStore(new JdbcSnapshotStore(stores.dataSource, stores.options))
					.durableStateStore(new JdbcDurableStateStore(stores.dataSource, stores.options))
					.offsetStore(new JdbcOffsetStore(stores.dataSource, stores.options))
					.deadLetterStore(new JdbcDeadLetterStore(stores.dataSource, stores.options))
					.eventSourced("account", new AccountBehavior())
					.projection("balances", (envelope) -> {
						if (!seen.add(envelope.persistenceId() + "#" + envelope.sequenceNr())) {
							duplicates.incrementAndGet();
						}
						if (envelope.event() instanceof AccountCredited credit) {
							credited.addAndGet(credit.getAmount());
						}
					}, ProjectionSettings.defaults().withParallelism(2).withPullInterval(Duration.ofMillis(20)))
					.build()) {
			int accounts = 10;
			List<Thread> callers = new ArrayList<>();
			for (int i = 0; i < accounts; i++) {
				String id = "p-" + i;
				callers.add(Thread.ofVirtual().start(() -> {
					EntityRef<Account> account = engine.entity(AccountBehavior.class, id);
					account.askAndWait(open(id, 0));
					for (int n = 0; n < 5; n++) {
						account.askAndWait(credit(id, 1));
					}
				}));
			}
			callers.forEach(EngineOnJdbcTests::join);
			await("the projection caught up", () -> seen.size() == accounts * 6);
			assertThat(credited.get()).isEqualTo(accounts * 5);
			assertThat(duplicates.get()).isZero();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(Duration.ofSeconds(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long snapshotAt(Stores stores, String persistenceId) {
		SnapshotRecord latest = new JdbcSnapshotStore(stores.dataSource, stores.options).latest(persistenceId);
		return (latest != null) ? latest.sequenceNr() : 0;
	}

	/**
	 * The database of a test, with this class's tables emptied.
	 */
	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void commandsReSentWithTheirIdsToANewEngineAreAnsweredFromTheStoreAndAppliedOnce(JdbcDialect dialect) {
		Stores stores = new Stores(dialect);
		EntitySettings settings = EntitySettings.defaults()
			.withSnapshotInterval(3)
			.withRetention(new RetentionPolicy(true, true, 0));
		try (JdbcEventStore events = stores.eventStore()) {
			try (EgoEngine engine = stores.engine(events, settings)) {
				EntityRef<Account> account = engine.entity(AccountBehavior.class, "idem-1");
				account.askAndWait(open("idem-1", 100));
				assertThat(account.askAndWait(credit("idem-1", 10), CommandOptions.id("pay-1")).revision())
					.isEqualTo(2);
				account.askAndWait(credit("idem-1", 1));
				assertThat(engine.entity(CounterBehavior.class, "idem-c")
					.askAndWait(CounterBehavior.by(4), CommandOptions.id("inc-1"))
					.revision()).isEqualTo(1);
			}
			// the snapshot at 3 lets retention delete events 1 and 2: "pay-1" is only in
			// the
			// snapshot
			await("retention after the snapshot", () -> events.replay("account|idem-1", 1, 2, 10).isEmpty());
			try (EgoEngine other = stores.engine(events, settings)) {
				CommandReply<Account> retry = other.entity(AccountBehavior.class, "idem-1")
					.askAndWait(credit("idem-1", 10), CommandOptions.id("pay-1"));
				assertThat(retry.revision()).isEqualTo(2);
				assertThat(retry.state().getBalance()).isEqualTo(111);
				assertThat(events.highestSequenceNr("account|idem-1")).isEqualTo(3);
				CommandReply<Counter> counter = other.entity(CounterBehavior.class, "idem-c")
					.askAndWait(CounterBehavior.by(4), CommandOptions.id("inc-1"));
				assertThat(counter.revision()).isEqualTo(1);
				assertThat(counter.state().getValue()).isEqualTo(4);
			}
		}
	}

	private static final class Stores {

		final DataSource dataSource;

		final JdbcStoreOptions options;

		Stores(JdbcDialect dialect) {
			this.options = TestDatabases.freshSchema(dialect, "eng_" + dialect.scriptName() + "_");
			this.dataSource = TestDatabases.of(dialect);
			Tables tables = new Tables(this.options.tablePrefix());
			new JdbcEventStore(this.dataSource, this.options).close();
			TestDatabases.truncate(this.dataSource, tables.journal(), tables.journalHighest(), tables.snapshot(),
					tables.durableState(), tables.consumerOffset(), tables.consumerLease(), tables.deadLetter());
		}

		JdbcEventStore eventStore() {
			return new JdbcEventStore(this.dataSource, this.options);
		}

		EgoEngine engine(JdbcEventStore events, EntitySettings settings) {
			return EgoEngine.builder()
				.eventStore(events)
				.snapshotStore(new JdbcSnapshotStore(this.dataSource, this.options))
				.durableStateStore(new JdbcDurableStateStore(this.dataSource, this.options))
				.eventSourced("account", new AccountBehavior(), settings)
				.durableState("counter", new CounterBehavior(), settings)
				.build();
		}

	}

}
