package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Holds the journal writers' (or the durable-state writers') position lock from a
 * connection of the test, so that writes queue up behind it (PostgreSQL: the advisory
 * lock of {@code allocate_positions}; MariaDB and H2: the counter row).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class PositionLock implements AutoCloseable {

	private final Connection connection;

	private final JdbcDialect dialect;

	private final Tables tables;

	private PositionLock(Connection connection, JdbcDialect dialect, Tables tables) {
		this.connection = connection;
		this.dialect = dialect;
		this.tables = tables;
	}

	static PositionLock hold(DataSource dataSource, JdbcDialect dialect, Tables tables) throws SQLException {
		return hold(dataSource, dialect, tables, dialect.sql().positionLockStatement(tables));
	}

	/**
	 * Holds the durable-state writers' position lock: on PostgreSQL the journal's (they
	 * share it), on MariaDB and H2 the counter row {@code id = 2}.
	 */
	static PositionLock holdStates(DataSource dataSource, JdbcDialect dialect, Tables tables) throws SQLException {
		return hold(dataSource, dialect, tables,
				(dialect == JdbcDialect.POSTGRESQL) ? dialect.sql().positionLockStatement(tables)
						: "SELECT last_position FROM " + tables.journalPosition() + " WHERE id = "
								+ PositionLockDialect.STATE_COUNTER + " FOR UPDATE");
	}

	private static PositionLock hold(DataSource dataSource, JdbcDialect dialect, Tables tables, String lock)
			throws SQLException {
		Connection connection = dataSource.getConnection();
		connection.setAutoCommit(dialect == JdbcDialect.POSTGRESQL);
		try (Statement statement = connection.createStatement()) {
			statement.execute(lock);
		}
		return new PositionLock(connection, dialect, tables);
	}

	@Override
	public void close() throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			if (this.dialect == JdbcDialect.POSTGRESQL) {
				statement.execute("SELECT pg_advisory_unlock(" + this.tables.advisoryLockKeys(1) + ")");
			}
			else {
				this.connection.rollback();
				this.connection.setAutoCommit(true);
			}
		}
		finally {
			this.connection.close();
		}
	}

}
