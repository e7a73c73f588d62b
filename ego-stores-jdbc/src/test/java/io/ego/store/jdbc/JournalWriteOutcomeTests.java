package io.ego.store.jdbc;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import io.ego.store.jdbc.FaultyDataSource.When;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ego.store.jdbc.TestEvents.events;
import static io.ego.store.jdbc.WriterProbe.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What an append answers when something goes wrong around it: it is accepted if and only
 * if its events are durable, a plain {@link StoreException} means that they were not
 * written and never will be, and anything the store cannot rule out is a
 * {@link StoreOutcomeUnknownException}. Interleavings are forced by holding the writer's
 * connections back ({@link FaultyDataSource#holdConnections()}) and by injected failures.
 *
 * @author eGo team
 * @since 0.1.0
 */
class JournalWriteOutcomeTests {

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void anAppenderWithItsInterruptFlagSetWaitsForTheWriterAndKeepsTheFlag(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			Appender appender;
			try (FaultyDataSource.Hold hold = faulty.holdConnections()) {
				appender = Appender.start(() -> {
					Thread.currentThread().interrupt();
					store.append("wo|flag", 0, events("wo|flag", 1, 2));
				});
				hold.awaitWaiting();
				// the append is being written (by the writer thread, or by the appender
				// waiting for a connection); the appender waits, or gave up
				await("the appender waiting or done", () -> parked(appender.thread) || !appender.thread.isAlive());
			}
			appender.join();
			assertThat(appender.failure.get()).as("the append's failure").isNull();
			assertThat(appender.interruptedAfter).as("the interrupt flag after the append").isTrue();
			assertThat(store.replay("wo|flag", 1, Long.MAX_VALUE, 10)).hasSize(2);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void anAppenderInterruptedWhileTheWriterWritesWaitsForItsAnswer(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			Appender appender;
			try (FaultyDataSource.Hold hold = faulty.holdConnections()) {
				appender = Appender.start(() -> store.append("wo|waiting", 0, events("wo|waiting", 1, 1)));
				hold.awaitWaiting();
				// the writer thread has the append and the appender waits for its answer,
				// or the appender writes it itself and waits for a connection
				await("the appender waiting for its answer", () -> parked(appender.thread));
				appender.thread.interrupt();
				// a wait that does not spin clears the flag while it waits on: gone back
				// to waiting, or gave up
				await("the appender back to waiting or done", () -> !appender.thread.isAlive()
						|| (parked(appender.thread) && !appender.thread.isInterrupted()));
			}
			appender.join();
			assertThat(appender.failure.get()).as("the append's failure").isNull();
			assertThat(appender.interruptedAfter).as("the interrupt flag after the append").isTrue();
			assertThat(store.replay("wo|waiting", 1, Long.MAX_VALUE, 10)).hasSize(1);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void anAppenderInterruptedBeforeItsAppendWasQueuedIsToldNothingWasWrittenAndNothingIs(JdbcDialect dialect)
			throws Exception {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = new JdbcEventStore(faulty, fixture.options.withQueueCapacity(1))) {
			Appender taken;
			Appender queued;
			Appender blocked;
			try (FaultyDataSource.Hold hold = faulty.holdConnections()) {
				taken = Appender.start(() -> store.append("wo|taken", 0, events("wo|taken", 1, 1)));
				hold.awaitWaiting();
				queued = Appender.start(() -> store.append("wo|queued", 0, events("wo|queued", 1, 1)));
				await("a full queue", () -> store.queuedAppends() == 1);
				blocked = Appender.start(() -> store.append("wo|blocked", 0, events("wo|blocked", 1, 1)));
				await("the third appender blocked on the full queue",
						() -> blocked.thread.getState() == Thread.State.WAITING);
				blocked.thread.interrupt();
				blocked.join();
			}
			taken.join();
			queued.join();
			assertThat(blocked.failure.get()).isInstanceOf(StoreException.class)
				.isNotInstanceOf(StoreOutcomeUnknownException.class)
				.hasMessageContaining("nothing was written");
			assertThat(blocked.interruptedAfter).isTrue();
			assertThat(taken.failure.get()).isNull();
			assertThat(queued.failure.get()).isNull();
			await("the writer idle", () -> store.pendingAppends() == 0);
		}
		try (JdbcEventStore store = fixture.store(fixture.dataSource)) {
			assertThat(store.highestSequenceNr("wo|blocked")).isZero();
			assertThat(store.highestSequenceNr("wo|taken")).isEqualTo(1);
			assertThat(store.highestSequenceNr("wo|queued")).isEqualTo(1);
		}
	}

	/**
	 * A batch's transaction (MariaDB, H2) whose commit call failed after committing: the
	 * appends are written again, meet their own events and are answered as written.
	 */
	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void anAppendWhoseCommitAnswerWasLostAfterCommittingIsReadBackAndAccepted(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			int appends = appendEachOnce(store, lostConnections("after the commit"), "wo|durable", 2,
					(failure) -> faulty.failNextCommit(When.AFTER, failure));
			assertThat(store.writtenAppends()).as("appends counted once").isEqualTo(appends);
			faulty.failNextCommit(When.AFTER, new AssertionError("injected: an error after the commit"));
			assertThatExceptionOfType(StoreOutcomeUnknownException.class)
				.isThrownBy(() -> store.append("wo|error", 0, events("wo|error", 1, 2)))
				.withMessageContaining("may or may not have been written");
			assertThat(store.highestSequenceNr("wo|error")).isEqualTo(2);
		}
	}

	/**
	 * A batch's transaction whose commit call failed instead of committing: the appends
	 * are written once more on a fresh connection; a second failure of the commit leaves
	 * the outcome unknown.
	 */
	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void anAppendWhoseCommitFailedInsteadOfCommittingIsWrittenOnceMore(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			appendEachOnce(store, lostConnections("at the commit"), "wo|lost", 2,
					(failure) -> faulty.failNextCommit(When.INSTEAD, failure));
			faulty.failNextCommits(2);
			assertThatExceptionOfType(StoreOutcomeUnknownException.class)
				.isThrownBy(() -> store.append("wo|twice", 0, events("wo|twice", 1, 2)))
				.withMessageContaining("may or may not have been written");
			assertThat(store.highestSequenceNr("wo|twice")).isZero();
			faulty.failNextCommit(When.INSTEAD, new AssertionError("injected: an error at the commit"));
			assertThatExceptionOfType(StoreOutcomeUnknownException.class)
				.isThrownBy(() -> store.append("wo|error", 0, events("wo|error", 1, 2)));
			assertThat(store.highestSequenceNr("wo|error")).isZero();
			store.append("wo|error", 0, events("wo|error", 1, 2));
			assertThat(store.highestSequenceNr("wo|error")).isEqualTo(2);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void anAppendThatFailsBeforeTheCommitIsRolledBackAndReportedAsNotWritten(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			int i = 0;
			for (Throwable failure : failures("after the insert ran")) {
				String id = "wo|rolledback" + i++;
				faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.AFTER, failure);
				assertThatExceptionOfType(StoreException.class).as("append whose insert threw %s", failure)
					.isThrownBy(() -> store.append(id, 0, events(id, 1, 2)))
					.isNotInstanceOf(StoreOutcomeUnknownException.class);
				assertThat(store.replay(id, 1, Long.MAX_VALUE, 10)).as("events whose insert threw %s", failure)
					.isEmpty();
				assertThat(store.highestSequenceNr(id)).isZero();
				store.append(id, 0, events(id, 1, 2));
				assertThat(store.highestSequenceNr(id)).isEqualTo(2);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void anAutoCommitStatementWhoseAnswerWasLostAfterItCommittedIsReadBackAndAccepted(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			int appends = appendEachOnce(store, lostConnections("after the statement committed"), "wo|answerlost", 2,
					(failure) -> faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.AFTER,
							failure));
			assertThat(store.writtenAppends()).as("appends counted once").isEqualTo(appends);
			faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.AFTER,
					new AssertionError("injected: an error after the statement committed"));
			assertThatExceptionOfType(StoreOutcomeUnknownException.class)
				.isThrownBy(() -> store.append("wo|error", 0, events("wo|error", 1, 2)))
				.withMessageContaining("may or may not have been written");
			assertThat(store.highestSequenceNr("wo|error")).isEqualTo(2);
		}
	}

	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void anAutoCommitStatementThatLostItsConnectionBeforeRunningIsWrittenOnceOnAFreshConnection(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			appendEachOnce(store, lostConnections("instead of the statement"), "wo|notrun", 2, (failure) -> faulty
				.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.INSTEAD, failure));
			faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.INSTEAD,
					new AssertionError("injected: an error instead of the statement"));
			assertThatExceptionOfType(StoreOutcomeUnknownException.class)
				.isThrownBy(() -> store.append("wo|error", 0, events("wo|error", 1, 2)));
			assertThat(store.highestSequenceNr("wo|error")).isZero();
			store.append("wo|error", 0, events("wo|error", 1, 2));
			assertThat(store.highestSequenceNr("wo|error")).isEqualTo(2);
		}
	}

	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void anAppendInDoubtThatAnotherWriterOvertookIsAConflict(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty); JdbcEventStore other = fixture.store(fixture.dataSource)) {
			List<PersistedEvent> theirs = List.of(new PersistedEvent("wo|overtaken", TestEvents.ENTITY_TYPE, 1, 0,
					PersistedEvent.sliceOf("wo|overtaken"), "ego.test.Withdrawn", new byte[] { 1, 2, 3 },
					Instant.now().truncatedTo(ChronoUnit.MICROS), Map.of(), null));
			// the statement never ran, and another writer appends before the retry
			faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.INSTEAD,
					new SQLTransientConnectionException("injected: connection lost", "08006"),
					() -> other.append("wo|overtaken", 0, theirs));
			assertThatExceptionOfType(AppendConflictException.class)
				.isThrownBy(() -> store.append("wo|overtaken", 0, events("wo|overtaken", 1, 2)));
			assertThat(store.replay("wo|overtaken", 1, Long.MAX_VALUE, 10)).extracting(PersistedEvent::eventType)
				.containsExactly("ego.test.Withdrawn");

			// the statement committed, and another writer appends after it before the
			// retry: the first event read back is the append's own
			faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.AFTER,
					new SQLTransientConnectionException("injected: connection lost", "08006"),
					() -> other.append("wo|followed", 2, events("wo|followed", 3, 1)));
			store.append("wo|followed", 0, events("wo|followed", 1, 2));
			assertThat(store.replay("wo|followed", 1, Long.MAX_VALUE, 10)).extracting(PersistedEvent::sequenceNr)
				.containsExactly(1L, 2L, 3L);
		}
	}

	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void anAutoCommitStatementRefusedByTheDatabaseIsReportedAsNotWritten(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.INSTEAD,
					new SQLException("injected: could not extend file: No space left on device", "53100"));
			assertNotWrittenAndWritableAgain(store, "wo|refused", 2);
		}
	}

	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void anAppendInDoubtWhoseRetryFailsAgainIsReportedAsOutcomeUnknown(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			// the retry is refused by the database: the first attempt may still have
			// committed, so this is not "not written"
			faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.INSTEAD,
					new SQLTransientConnectionException("injected: connection lost", "08006"),
					() -> faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.INSTEAD,
							new SQLException("injected: refused", "53100")));
			assertThatExceptionOfType(StoreOutcomeUnknownException.class)
				.isThrownBy(() -> store.append("wo|twice", 0, events("wo|twice", 1, 2)))
				.withMessageContaining("may or may not have been written");
			assertThat(store.highestSequenceNr("wo|twice")).isZero();
		}
	}

	/**
	 * A sequential caller's append (one event) is one statement in auto-commit mode on
	 * PostgreSQL and a call of the append procedure on MariaDB: whatever the connection
	 * lost, the append is written once and answered for what it is.
	 */
	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB" })
	void aSingleEventAppendInAutoCommitModeIsAnsweredForWhatItIsWhateverTheConnectionLost(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		String statement = (dialect == JdbcDialect.POSTGRESQL) ? "INSERT INTO " + fixture.tables.journal() : "CALL ";
		try (JdbcEventStore store = fixture.store(faulty); JdbcEventStore other = fixture.store(fixture.dataSource)) {
			int appends = 0;
			for (When when : When.values()) {
				appends += appendEachOnce(store, lostConnections(when.name()), "wo|single-" + when + "-", 1,
						(failure) -> faulty.failNextExecution(statement, when, failure));
			}
			assertThat(store.writtenAppends()).as("appends counted once").isEqualTo(appends);

			faulty.failNextExecution(statement, When.INSTEAD,
					new SQLTransientConnectionException("injected: connection lost", "08006"),
					() -> other.append("wo|single-overtaken", 0, events("wo|single-overtaken", 1, 1)));
			assertThatExceptionOfType(AppendConflictException.class)
				.isThrownBy(() -> store.append("wo|single-overtaken", 0, events("wo|single-overtaken", 1, 1)));

			// an error that may come after the commit: a server shutting down, a
			// procedure
			// killed after its COMMIT
			Throwable afterCommit = (dialect == JdbcDialect.POSTGRESQL)
					? new SQLException("injected: terminating connection due to administrator command", "57P01")
					: new SQLException("injected: Query execution was interrupted", "70100", 1317);
			appends += appendEachOnce(store, List.of(afterCommit), "wo|single-aftercommit", 1,
					(failure) -> faulty.failNextExecution(statement, When.AFTER, failure));
			assertThat(store.writtenAppends()).as("appends counted once").isEqualTo(appends);

			faulty.failNextExecution(statement, When.INSTEAD,
					new SQLException("injected: value too long for type character varying(255)", "22001"));
			assertNotWrittenAndWritableAgain(store, "wo|single-refused", 1);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aBatchWhoseConnectionBrokeBeforeTheCommitIsWrittenOnceOnAFreshConnection(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			// a pooled connection left stale by an outage: its socket fails at the first
			// statement
			faulty.failNextExecution("INSERT INTO " + fixture.tables.journal(), When.INSTEAD,
					new SQLException("injected: I/O error", "08006", new EOFException()));
			store.append("wo|stale", 0, events("wo|stale", 1, 2));
			assertThat(store.replay("wo|stale", 1, Long.MAX_VALUE, 10)).extracting(PersistedEvent::sequenceNr)
				.containsExactly(1L, 2L);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aConnectionThatFailsToCloseAfterTheCommitDoesNotFailTheAppend(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcEventStore store = fixture.store(faulty)) {
			faulty.failNextClose(new SQLException("injected: close failed"));
			store.append("wo|closed", 0, events("wo|closed", 1, 2));
			assertThat(store.replay("wo|closed", 1, Long.MAX_VALUE, 10)).hasSize(2);
		}
	}

	/**
	 * Tells whether a thread is parked: waiting for the writer's answer, or, when it
	 * writes its append itself (nothing else queued), for a connection.
	 */
	private static boolean parked(Thread thread) {
		Thread.State state = thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
	}

	/**
	 * Appends events to a new entity whose next statement was armed to be refused: the
	 * append fails as not written (neither a conflict nor an unknown outcome), nothing is
	 * stored, and the same append succeeds next.
	 */
	private static void assertNotWrittenAndWritableAgain(JdbcEventStore store, String id, int events) {
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> store.append(id, 0, events(id, 1, events)))
			.isNotInstanceOf(StoreOutcomeUnknownException.class)
			.isNotInstanceOf(AppendConflictException.class);
		assertThat(store.highestSequenceNr(id)).isZero();
		store.append(id, 0, events(id, 1, events));
		assertThat(store.highestSequenceNr(id)).isEqualTo(events);
	}

	/**
	 * For each failure: arms it, appends events to a new entity and checks that they were
	 * written once.
	 * @return the number of appends
	 */
	private static int appendEachOnce(JdbcEventStore store, List<Throwable> failures, String prefix, int events,
			Consumer<Throwable> arm) {
		int appends = 0;
		for (Throwable failure : failures) {
			String id = prefix + appends++;
			arm.accept(failure);
			store.append(id, 0, events(id, 1, events));
			assertThat(store.replay(id, 1, Long.MAX_VALUE, 10)).as("events of %s after %s", id, failure)
				.extracting(PersistedEvent::sequenceNr)
				.containsExactlyElementsOf(LongStream.rangeClosed(1, events).boxed().toList());
		}
		return appends;
	}

	/**
	 * Returns the failures of a statement that leave its outcome unknown, short of an
	 * error: a lost connection of each kind, a driver bug without an answer.
	 */
	private static List<Throwable> lostConnections(String when) {
		return List.of(new SQLRecoverableException("injected: connection reset " + when),
				new SQLTransientConnectionException("injected: connection lost " + when, "08006"),
				new SQLException("injected: read timed out " + when, null,
						new SocketTimeoutException("Read timed out")),
				new IllegalStateException("injected: a driver bug, no answer read " + when));
	}

	/**
	 * Returns one failure of each kind a JDBC call can throw: a lost connection, a
	 * runtime exception, an error.
	 */
	private static List<Throwable> failures(String when) {
		return List.of(new SQLTransientConnectionException("injected: connection lost " + when, "08006"),
				new IllegalStateException("injected: a driver bug " + when),
				new AssertionError("injected: an error " + when));
	}

	/**
	 * A thread that appends and records how the append ended.
	 */
	private static final class Appender {

		final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

		volatile boolean interruptedAfter;

		final Thread thread;

		private Appender(Runnable append) {
			this.thread = Thread.ofPlatform().name("test-appender").unstarted(() -> {
				try {
					append.run();
				}
				catch (Throwable ex) {
					this.failure.set(ex);
				}
				this.interruptedAfter = Thread.interrupted();
			});
		}

		static Appender start(Runnable append) {
			Appender appender = new Appender(append);
			appender.thread.start();
			return appender;
		}

		void join() throws InterruptedException {
			this.thread.join(10_000);
			assertThat(this.thread.isAlive()).as("appender still running after 10 seconds").isFalse();
		}

	}

	/**
	 * A database with this class's tables, emptied.
	 */
	private static final class Fixture {

		final DataSource dataSource;

		final JdbcStoreOptions options;

		final Tables tables;

		Fixture(JdbcDialect dialect) {
			this.options = TestDatabases.freshSchema(dialect, "wo_" + dialect.scriptName() + "_");
			this.dataSource = TestDatabases.of(dialect);
			this.tables = new Tables(this.options.tablePrefix());
			new JdbcEventStore(this.dataSource, this.options).close();
			TestDatabases.truncate(this.dataSource, this.tables.journal(), this.tables.journalHighest());
		}

		JdbcEventStore store(DataSource dataSource) {
			return new JdbcEventStore(dataSource, this.options);
		}

	}

}
