package io.ego.store.jdbc;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.RevisionConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import io.ego.store.jdbc.FaultyDataSource.When;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a durable-state write answers when something goes wrong around it: it returns if
 * and only if the state is durable, a plain {@link StoreException} (or a
 * {@link RevisionConflictException}) means that nothing was written, and anything the
 * store cannot rule out is a {@link StoreOutcomeUnknownException}. MariaDB and H2 write
 * in a transaction of their own (position lock, statement, commit); PostgreSQL writes
 * with one statement in auto-commit mode, so a statement that loses its connection may
 * have committed.
 *
 * @author eGo team
 * @since 0.1.0
 */
class DurableStateWriteOutcomeTests {

	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void aWriteWhoseCommitThrowsAfterCommittingIsReportedAsOutcomeUnknown(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		int i = 0;
		for (Throwable failure : failures("after the commit")) {
			String id = "ds|durable" + i++;
			fixture.faulty.failNextCommit(When.AFTER, failure);
			assertThatExceptionOfType(StoreOutcomeUnknownException.class).as("write whose commit threw %s", failure)
				.isThrownBy(() -> fixture.store.upsert(state(id, 1)))
				.withMessageContaining("may or may not have been written");
			assertThat(fixture.store.get(id)).as("state whose commit threw %s", failure)
				.isNotNull()
				.satisfies((state) -> assertThat(state.revision()).isEqualTo(1));
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void aWriteWhoseCommitThrowsInsteadOfCommittingIsReportedAsOutcomeUnknown(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		int i = 0;
		for (Throwable failure : failures("at the commit")) {
			String id = "ds|lost" + i++;
			fixture.faulty.failNextCommit(When.INSTEAD, failure);
			assertThatExceptionOfType(StoreOutcomeUnknownException.class).as("write whose commit threw %s", failure)
				.isThrownBy(() -> fixture.store.upsert(state(id, 1)));
			assertThat(fixture.store.get(id)).as("state whose commit threw %s", failure).isNull();
			fixture.store.upsert(state(id, 1));
			assertThat(fixture.store.get(id)).isNotNull();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void aWriteThatFailsBeforeTheCommitIsRolledBackAndReportedAsNotWritten(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		int i = 0;
		for (Throwable failure : failures("after the statement ran")) {
			String id = "ds|rolledback" + i++;
			fixture.faulty.failNextExecution("INSERT INTO " + fixture.tables.durableState(), When.AFTER, failure);
			assertThatExceptionOfType(StoreException.class).as("insert that threw %s", failure)
				.isThrownBy(() -> fixture.store.upsert(state(id, 1)))
				.isNotInstanceOf(StoreOutcomeUnknownException.class);
			assertThat(fixture.store.get(id)).as("state whose insert threw %s", failure).isNull();

			fixture.store.upsert(state(id, 1));
			fixture.faulty.failNextExecution("UPDATE " + fixture.tables.durableState(), When.AFTER, failure);
			assertThatExceptionOfType(StoreException.class).as("update that threw %s", failure)
				.isThrownBy(() -> fixture.store.upsert(state(id, 2)))
				.isNotInstanceOf(StoreOutcomeUnknownException.class);
			assertThat(fixture.store.get(id)).as("state whose update threw %s", failure)
				.satisfies((state) -> assertThat(state.revision()).isEqualTo(1));
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void aConnectionThatFailsToCloseAfterTheCommitDoesNotFailTheWrite(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		fixture.faulty.failNextClose(new SQLException("injected: close failed"));
		fixture.store.upsert(state("ds|closed", 1));
		assertThat(fixture.store.get("ds|closed")).isNotNull();
	}

	/**
	 * A statement in auto-commit mode whose connection failed may have committed: the
	 * write is asked again on a fresh connection, where meeting its own state (read back)
	 * answers it as written, and not meeting it writes it.
	 */
	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void anAutoCommitStatementThatLosesItsConnectionIsAskedAgainAndAnsweredForWhatItIs(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		List<Throwable> failures = List.of(new SQLRecoverableException("injected: connection reset"),
				new SQLTransientConnectionException("injected: connection lost while executing"),
				new SQLException("injected: I/O error", "08006"),
				new SQLException("injected: read timed out", null, new SocketTimeoutException("Read timed out")),
				new IllegalStateException("injected: a driver bug, no answer read"));
		int i = 0;
		for (When when : When.values()) {
			for (Throwable failure : failures) {
				String id = "ds|autocommit" + i++;
				fixture.faulty.failNextExecution("INSERT INTO " + fixture.tables.durableState(), when, failure);
				fixture.store.upsert(state(id, 1));
				assertThat(fixture.store.get(id)).as("insert %s %s", when, failure)
					.satisfies((state) -> assertThat(state.revision()).isEqualTo(1));

				fixture.faulty.failNextExecution("UPDATE " + fixture.tables.durableState(), when, failure);
				fixture.store.upsert(state(id, 2));
				assertThat(fixture.store.get(id)).as("update %s %s", when, failure)
					.satisfies((state) -> assertThat(state.revision()).isEqualTo(2));
			}
		}
		// the retry refused by the database: the first attempt may have committed
		fixture.faulty.failNextExecution("INSERT INTO " + fixture.tables.durableState(), When.INSTEAD,
				new SQLTransientConnectionException("injected: connection lost", "08006"),
				() -> fixture.faulty.failNextExecution("INSERT INTO " + fixture.tables.durableState(), When.INSTEAD,
						new SQLException("injected: refused", "53100")));
		assertThatExceptionOfType(StoreOutcomeUnknownException.class)
			.isThrownBy(() -> fixture.store.upsert(state("ds|twice", 1)))
			.withMessageContaining("may or may not have been written");
		assertThat(fixture.store.get("ds|twice")).isNull();
		// an Error is not asked again
		fixture.faulty.failNextExecution("INSERT INTO " + fixture.tables.durableState(), When.AFTER,
				new AssertionError("injected: an error after the statement committed"));
		assertThatExceptionOfType(StoreOutcomeUnknownException.class)
			.isThrownBy(() -> fixture.store.upsert(state("ds|error", 1)));
		assertThat(fixture.store.get("ds|error")).isNotNull();
	}

	/**
	 * A write in doubt that another writer overtook before it was asked again is a
	 * conflict.
	 */
	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void aWriteInDoubtThatAnotherWriterOvertookIsAConflict(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		DurableStateRecord theirs = new DurableStateRecord("ds|overtaken", "account", 1, 3, "ego.test.Account",
				"theirs".getBytes(StandardCharsets.UTF_8), Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
		try (JdbcDurableStateStore other = new JdbcDurableStateStore(fixture.dataSource, fixture.options)) {
			fixture.faulty.failNextExecution("INSERT INTO " + fixture.tables.durableState(), When.INSTEAD,
					new SQLTransientConnectionException("injected: connection lost", "08006"),
					() -> other.upsert(theirs));
			assertThatExceptionOfType(RevisionConflictException.class)
				.isThrownBy(() -> fixture.store.upsert(state("ds|overtaken", 1)));
			assertThat(fixture.store.get("ds|overtaken")).isNotNull()
				.satisfies((state) -> assertThat(state.payload()).isEqualTo(theirs.payload()));
		}
	}

	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void anAutoCommitStatementRefusedByTheDatabaseIsReportedAsNotWritten(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		fixture.faulty.failNextExecution("INSERT INTO " + fixture.tables.durableState(), When.INSTEAD,
				new SQLException("injected: value too long for type character varying(255)", "22001"));
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> fixture.store.upsert(state("ds|refused", 1)))
			.isNotInstanceOf(StoreOutcomeUnknownException.class)
			.isNotInstanceOf(RevisionConflictException.class);
		assertThat(fixture.store.get("ds|refused")).isNull();

		fixture.store.upsert(state("ds|refused", 1));
		assertThatExceptionOfType(RevisionConflictException.class)
			.isThrownBy(() -> fixture.store.upsert(state("ds|refused", 1)));
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aWriteWithoutAConnectionIsReportedAsNotWritten(JdbcDialect dialect) {
		Fixture fixture = new Fixture(dialect);
		fixture.faulty.down(true);
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> fixture.store.upsert(state("ds|down", 1)))
			.isNotInstanceOf(StoreOutcomeUnknownException.class)
			.withMessageContaining("the database is down");
		fixture.faulty.down(false);
		assertThat(fixture.store.get("ds|down")).isNull();
	}

	private static DurableStateRecord state(String persistenceId, long revision) {
		return new DurableStateRecord(persistenceId, "account", revision, 3, "ego.test.Account",
				(persistenceId + "@" + revision).getBytes(StandardCharsets.UTF_8),
				Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
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
	 * A store over a faulty data source on this class's tables, emptied.
	 */
	private static final class Fixture {

		final FaultyDataSource faulty;

		final Tables tables;

		final JdbcDurableStateStore store;

		final DataSource dataSource;

		final JdbcStoreOptions options;

		Fixture(JdbcDialect dialect) {
			JdbcStoreOptions options = TestDatabases.freshSchema(dialect, "dso_" + dialect.scriptName() + "_");
			DataSource dataSource = TestDatabases.of(dialect);
			this.dataSource = dataSource;
			this.options = options;
			this.tables = new Tables(options.tablePrefix());
			this.faulty = new FaultyDataSource(dataSource);
			this.store = new JdbcDurableStateStore(this.faulty, options);
			TestDatabases.truncate(dataSource, this.tables.durableState());
		}

	}

}
