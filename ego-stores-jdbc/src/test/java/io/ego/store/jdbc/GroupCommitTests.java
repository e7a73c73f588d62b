package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.EntityAppend;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import io.ego.store.jdbc.FaultyDataSource.When;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ego.store.jdbc.TestEvents.events;
import static io.ego.store.jdbc.WriterProbe.assertHolds;
import static io.ego.store.jdbc.WriterProbe.await;
import static io.ego.store.jdbc.WriterProbe.awaitBlockedWriter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The journal's cross-entity group commit: appends of many entities that arrive together
 * share a transaction, a conflict fails only its entity, a failed transaction fails
 * exactly its appends, the queue pushes back, and closing drains it. Appends are made to
 * queue up by holding the writers' position lock from the test.
 *
 * @author eGo team
 * @since 0.1.0
 */
class GroupCommitTests {

	private static final int MAX_PAYLOAD = 1 << 20;

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void appendsOfManyEntitiesThatArriveTogetherShareATransaction(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		int entities = 200;
		try (JdbcEventStore store = fixture.store(fixture.options);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> appends = new ArrayList<>();
			try (PositionLock lock = PositionLock.hold(fixture.dataSource, dialect, fixture.tables)) {
				Future<?> blocker = fixture.blockWriter(store, callers);
				for (int i = 0; i < entities; i++) {
					String id = "gc|e" + i;
					appends.add(callers.submit(() -> store.append(id, 0, events(id, 1, 2))));
				}
				await("all appends queued", () -> store.queuedAppends() == entities);
				appends.add(blocker);
			}
			for (Future<?> append : appends) {
				append.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.writtenAppends()).isEqualTo(entities + 1);
			assertThat(store.committedTransactions()).as("transactions for %d appends after the blocked one", entities)
				.isEqualTo(2);
			for (int i = 0; i < entities; i++) {
				assertThat(store.highestSequenceNr("gc|e" + i)).isEqualTo(2);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void appendAllQueuesEveryAppendAtOnceSoThatTheyShareTransactionsUpToTheBatchSize(JdbcDialect dialect)
			throws Exception {
		Fixture fixture = new Fixture(dialect);
		int entities = 300;
		List<EntityAppend> appends = new ArrayList<>();
		for (int i = 0; i < entities; i++) {
			String id = "gc|all" + i;
			appends.add(new EntityAppend(id, 0, events(id, 1, 3)));
		}
		try (JdbcEventStore store = fixture.store(fixture.options.withMaxBatchSize(400));
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<?> all;
			Future<?> blocker;
			try (PositionLock lock = PositionLock.hold(fixture.dataSource, dialect, fixture.tables)) {
				blocker = fixture.blockWriter(store, callers);
				all = callers.submit(() -> store.appendAll(appends));
				await("all appends queued", () -> store.queuedAppends() == entities);
			}
			blocker.get(10, TimeUnit.SECONDS);
			all.get(10, TimeUnit.SECONDS);
			assertThat(store.writtenAppends()).isEqualTo(entities + 1);
			// 133 appends of 3 events fit in 400: three transactions after the blocked
			// one
			assertThat(store.committedTransactions()).as("transactions for %d appends after the blocked one", entities)
				.isEqualTo(4);
			Map<String, Long> highest = store
				.highestSequenceNrs(appends.stream().map(EntityAppend::persistenceId).toList());
			assertThat(highest.values()).hasSize(entities).containsOnly(3L);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void idsThatDifferOnlyInCaseOrTrailingSpacesAreDistinctEntitiesInABatch(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		// histories of different lengths: an id taken for another would meet that one's
		// highest sequence number and conflict
		List<String> ids = List.of("gc|a", "gc|A", "gc|a ", "gc|\u00e4");
		try (JdbcEventStore store = fixture.store(fixture.options)) {
			for (int round = 0; round < 3; round++) {
				List<EntityAppend> appends = new ArrayList<>();
				for (int i = 0; i < ids.size(); i++) {
					String id = ids.get(i);
					appends.add(new EntityAppend(id, (long) round * (i + 1), events(id, round * (i + 1) + 1, i + 1)));
				}
				store.appendAll(appends);
			}
			Map<String, Long> highest = store.highestSequenceNrs(ids);
			for (int i = 0; i < ids.size(); i++) {
				assertThat(highest).containsEntry(ids.get(i), 3L * (i + 1));
				assertThat(store.highestSequenceNr(ids.get(i))).isEqualTo(3L * (i + 1));
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aConflictInAGroupFailsOnlyThatEntitysAppend(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcEventStore store = fixture.store(fixture.options);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			store.append("gc|x", 0, events("gc|x", 1, 2));
			long before = store.committedTransactions();
			Future<?> stale;
			Future<?> ahead;
			List<Future<?>> others = new ArrayList<>();
			try (PositionLock lock = PositionLock.hold(fixture.dataSource, dialect, fixture.tables)) {
				others.add(fixture.blockWriter(store, callers));
				stale = callers.submit(() -> store.append("gc|x", 0, events("gc|x", 1, 1)));
				ahead = callers.submit(() -> store.append("gc|y", 3, events("gc|y", 4, 1)));
				for (int i = 0; i < 20; i++) {
					String id = "gc|z" + i;
					others.add(callers.submit(() -> store.append(id, 0, events(id, 1, 3))));
				}
				await(() -> "all 22 appends queued; queued " + store.queuedAppends() + ", pending "
						+ store.pendingAppends(), () -> store.queuedAppends() == 22);
			}
			assertConflict(stale, "gc|x", 0);
			assertConflict(ahead, "gc|y", 3);
			for (Future<?> other : others) {
				other.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.committedTransactions() - before).as("the blocked transaction and the group").isEqualTo(2);
			assertThat(store.replay("gc|x", 1, Long.MAX_VALUE, 10)).extracting((e) -> e.sequenceNr())
				.containsExactly(1L, 2L);
			assertThat(store.highestSequenceNr("gc|y")).isZero();
			for (int i = 0; i < 20; i++) {
				assertThat(store.highestSequenceNr("gc|z" + i)).isEqualTo(3);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void anEntityThatLosesARaceAtTheUniqueKeyFailsAloneAndTheBatchIsRetried(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcEventStore store = fixture.store(fixture.options);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<?> race;
			List<Future<?>> others = new ArrayList<>();
			try (Connection rival = fixture.dataSource.getConnection()) {
				// another node appends gc|race#1 and has not committed yet
				rival.setAutoCommit(false);
				dialect.sql()
					.insertEvents(rival, fixture.tables,
							List.of(AppendRequest.of("gc|race", 0, events("gc|race", 1, 1), MAX_PAYLOAD)), 1);
				race = callers.submit(() -> store.append("gc|race", 0, events("gc|race", 1, 2)));
				await("the racing append in flight", () -> store.pendingAppends() == 1);
				for (int i = 0; i < 10; i++) {
					String id = "gc|r" + i;
					others.add(callers.submit(() -> store.append(id, 0, events(id, 1, 1))));
				}
				// the writer checked gc|race (at 0) and waits for the rival in the insert
				awaitBlockedWriter(fixture.dataSource, dialect, fixture.tables);
				rival.commit();
			}
			assertConflict(race, "gc|race", 0);
			assertThat(store.retriedBatches()).as("batches retried after the unique key rejected gc|race").isEqualTo(1);
			for (Future<?> other : others) {
				other.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.replay("gc|race", 1, Long.MAX_VALUE, 10)).hasSize(1);
			for (int i = 0; i < 10; i++) {
				assertThat(store.highestSequenceNr("gc|r" + i)).isEqualTo(1);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void aFailedTransactionFailsExactlyItsAppendsAndTheWriterRecovers(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			faulty.down(true);
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> store.append("gc|a", 0, events("gc|a", 1, 1)))
				.withMessageContaining("the database is down")
				.isNotInstanceOf(AppendConflictException.class);
			faulty.down(false);

			Future<?> lost;
			List<Future<?>> next = new ArrayList<>();
			try (PositionLock lock = PositionLock.hold(fixture.dataSource, dialect, fixture.tables)) {
				lost = callers.submit(() -> store.append("gc|a", 0, events("gc|a", 1, 3)));
				awaitBlockedWriter(fixture.dataSource, dialect, fixture.tables);
				await("gc|a alone in flight", () -> store.pendingAppends() == 1 && store.queuedAppends() == 0);
				for (int i = 0; i < 5; i++) {
					String id = "gc|n" + i;
					next.add(callers.submit(() -> store.append(id, 0, events(id, 1, 1))));
				}
				await("the next batch queued", () -> store.queuedAppends() == 5);
				// the commit fails, and so does the commit of the append's second attempt
				faulty.failNextCommits(2);
			}
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> lost.get(10, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(StoreOutcomeUnknownException.class)
				.withMessageContaining("may or may not have been written");
			for (Future<?> append : next) {
				append.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.replay("gc|a", 1, Long.MAX_VALUE, 10)).as("events of the failed transaction").isEmpty();
			assertThat(store.highestSequenceNr("gc|a")).isZero();

			store.append("gc|a", 0, events("gc|a", 1, 3));
			assertThat(store.highestSequenceNr("gc|a")).isEqualTo(3);
		}
	}

	/**
	 * PostgreSQL writes a batch with one statement in auto-commit mode (no commit call):
	 * a statement the database refuses fails exactly its appends, as not written.
	 */
	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void aRefusedStatementFailsExactlyItsAppendsAndTheWriterRecovers(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<?> first;
			List<Future<?>> refused = new ArrayList<>();
			try (PositionLock lock = PositionLock.hold(fixture.dataSource, dialect, fixture.tables)) {
				first = callers.submit(() -> store.append("gc|a", 0, events("gc|a", 1, 3)));
				awaitBlockedWriter(fixture.dataSource, dialect, fixture.tables);
				await("gc|a alone in flight", () -> store.pendingAppends() == 1 && store.queuedAppends() == 0);
				for (int i = 0; i < 5; i++) {
					String id = "gc|n" + i;
					refused.add(callers.submit(() -> store.append(id, 0, events(id, 1, 1))));
				}
				await("the next batch queued", () -> store.queuedAppends() == 5);
				faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.INSTEAD,
						new SQLException("injected: could not extend file: No space left on device", "53100"));
			}
			first.get(10, TimeUnit.SECONDS);
			for (Future<?> append : refused) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> append.get(10, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(StoreException.class)
					.isNotInstanceOf(StoreOutcomeUnknownException.class)
					.isNotInstanceOf(AppendConflictException.class);
			}
			assertThat(store.highestSequenceNr("gc|a")).isEqualTo(3);
			for (int i = 0; i < 5; i++) {
				String id = "gc|n" + i;
				assertThat(store.highestSequenceNr(id)).as("entity of the refused statement").isZero();
				store.append(id, 0, events(id, 1, 1));
			}
			assertThat(store.writtenAppends()).isEqualTo(6);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aFullQueueBlocksCallersUntilTheWriterTakesTheirAppends(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcEventStore store = fixture.store(fixture.options.withQueueCapacity(5));
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> appends = new ArrayList<>();
			try (PositionLock lock = PositionLock.hold(fixture.dataSource, dialect, fixture.tables)) {
				Future<?> blocker = fixture.blockWriter(store, callers);
				for (int i = 0; i < 20; i++) {
					String id = "gc|q" + i;
					appends.add(callers.submit(() -> store.append(id, 0, events(id, 1, 1))));
				}
				await("a full queue", () -> store.queuedAppends() == 5);
				// the writer is blocked: the queue stays full, and the callers that found
				// it full stay waiting
				assertHolds("a full queue and no append done", Duration.ofMillis(200),
						() -> store.queuedAppends() == 5 && appends.stream().noneMatch(Future::isDone));
				appends.add(blocker);
			}
			for (Future<?> append : appends) {
				append.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.writtenAppends()).isEqualTo(21);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void maxBatchSizeBoundsTheEventsOfATransaction(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcEventStore store = fixture.store(fixture.options.withMaxBatchSize(10));
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> appends = new ArrayList<>();
			try (PositionLock lock = PositionLock.hold(fixture.dataSource, dialect, fixture.tables)) {
				appends.add(fixture.blockWriter(store, callers));
				for (int i = 0; i < 30; i++) {
					String id = "gc|m" + i;
					appends.add(callers.submit(() -> store.append(id, 0, events(id, 1, 2))));
				}
				await("30 appends queued", () -> store.queuedAppends() == 30);
				String big = "gc|big";
				appends.add(callers.submit(() -> store.append(big, 0, events(big, 1, 25))));
				await("all appends queued", () -> store.queuedAppends() == 31);
			}
			for (Future<?> append : appends) {
				append.get(10, TimeUnit.SECONDS);
			}
			// the blocked one, 60 events in batches of at most 10, and the 25 events of
			// gc|big alone
			assertThat(store.committedTransactions()).isEqualTo(8);
			assertThat(store.highestSequenceNr("gc|big")).isEqualTo(25);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void lingerGathersTheAppendsThatArriveWithinIt(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		Duration linger = Duration.ofMillis(400);
		try (JdbcEventStore store = fixture.store(fixture.options.withLinger(linger))) {
			// one after the other: each append starts once the one before is queued and
			// waits for its answer
			List<Thread> appenders = new ArrayList<>();
			long first = System.nanoTime();
			for (int i = 0; i < 10; i++) {
				String id = "gc|l" + i;
				Thread appender = Thread.ofVirtual().start(() -> store.append(id, 0, events(id, 1, 1)));
				await("append " + id + " queued", () -> WriterProbe.waitsForItsAnswer(appender) || !appender.isAlive());
				appenders.add(appender);
			}
			long span = System.nanoTime() - first;
			for (Thread appender : appenders) {
				assertThat(appender.join(Duration.ofSeconds(10))).as("append returned").isTrue();
			}
			assertThat(store.writtenAppends()).isEqualTo(10);
			// a transaction takes every append queued within the linger after its first
			// one, so the first append of each next transaction was queued more than a
			// linger after the one before: all of them within one linger (as on an idle
			// machine) is one transaction, and a loaded machine that took longer allows
			// one more per linger it took
			long allowed = 1 + span / linger.toNanos();
			assertThat(store.committedTransactions())
				.as("transactions for 10 appends queued within %d ms, linger %d ms", span / 1_000_000,
						linger.toMillis())
				.isBetween(1L, allowed);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void closeWritesWhatIsQueuedThenRejectsAppends(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		JdbcEventStore store = fixture.store(fixture.options);
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> appends = new ArrayList<>();
			Thread closer;
			try (PositionLock lock = PositionLock.hold(fixture.dataSource, dialect, fixture.tables)) {
				appends.add(fixture.blockWriter(store, callers));
				for (int i = 0; i < 20; i++) {
					String id = "gc|c" + i;
					appends.add(callers.submit(() -> store.append(id, 0, events(id, 1, 1))));
				}
				await("all appends queued", () -> store.queuedAppends() == 20);
				closer = Thread.ofVirtual().start(store::close);
				// close has closed the queue and waits for the writer, which is blocked
				await("close waiting for the writer",
						() -> closer.getState() == Thread.State.WAITING && store.queuedAppends() == 20);
				assertHolds("close waiting while appends wait", Duration.ofMillis(200), closer::isAlive);
			}
			assertThat(closer.join(Duration.ofSeconds(10))).as("close returned once the writer drained").isTrue();
			for (Future<?> append : appends) {
				append.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.writtenAppends()).isEqualTo(21);
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> store.append("gc|late", 0, events("gc|late", 1, 1)))
				.withMessageContaining("closed");
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aPositionTakenTwiceFailsTheAppendsAsAStoreFailureNotAsAConflict(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcEventStore store = fixture.store(fixture.options)) {
			store.append("gc|before", 0, events("gc|before", 1, 2));
			long position = store.replay("gc|before", 2, 2, 1).get(0).position();
			resetAllocator(fixture, dialect, position - 1);
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> store.append("gc|after", 0, events("gc|after", 1, 1)))
				.isNotInstanceOf(AppendConflictException.class)
				.withMessageContaining("duplicate position");
			resetAllocator(fixture, dialect, position);
			store.append("gc|after", 0, events("gc|after", 1, 1));
			assertThat(store.highestSequenceNr("gc|after")).isEqualTo(1);
		}
	}

	private static void resetAllocator(Fixture fixture, JdbcDialect dialect, long last) throws Exception {
		try (Connection connection = fixture.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute((dialect == JdbcDialect.POSTGRESQL)
					? "SELECT setval('" + fixture.tables.journalPosition() + "', " + last + ")"
					: "UPDATE " + fixture.tables.journalPosition() + " SET last_position = " + last + " WHERE id = 1");
		}
	}

	private static void assertConflict(Future<?> append, String persistenceId, long expected) {
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> append.get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(AppendConflictException.class, (ex) -> {
				assertThat(ex.persistenceId()).isEqualTo(persistenceId);
				assertThat(ex.expectedSequenceNr()).isEqualTo(expected);
			});
	}

	/**
	 * A database with this class's tables, emptied.
	 */
	private static final class Fixture {

		final JdbcDialect dialect;

		final DataSource dataSource;

		final JdbcStoreOptions options;

		final Tables tables;

		Fixture(JdbcDialect dialect) {
			this.dialect = dialect;
			this.options = TestDatabases.freshSchema(dialect, "gc_" + dialect.scriptName() + "_");
			this.dataSource = TestDatabases.of(dialect);
			this.tables = new Tables(this.options.tablePrefix());
			new JdbcEventStore(this.dataSource, this.options).close();
			TestDatabases.truncate(this.dataSource, this.tables.journal(), this.tables.journalHighest());
		}

		JdbcEventStore store(JdbcStoreOptions options) {
			return new JdbcEventStore(this.dataSource, options);
		}

		JdbcEventStore store(DataSource dataSource) {
			return new JdbcEventStore(dataSource, this.options);
		}

		/**
		 * Starts an append that the writer takes alone and that blocks on the position
		 * lock the test holds, so that the appends started next queue up behind it.
		 */
		Future<?> blockWriter(JdbcEventStore store, ExecutorService callers) {
			Future<?> blocker = callers.submit(() -> store.append("gc|blocker", 0, events("gc|blocker", 1, 1)));
			awaitBlockedWriter(this.dataSource, this.dialect, this.tables);
			// and it is this store's writer, with the blocker alone: the appends started
			// next queue up
			await(() -> "the blocker alone in flight; pending " + store.pendingAppends() + ", queued "
					+ store.queuedAppends(), () -> store.pendingAppends() == 1 && store.queuedAppends() == 0);
			return blocker;
		}

	}

}
