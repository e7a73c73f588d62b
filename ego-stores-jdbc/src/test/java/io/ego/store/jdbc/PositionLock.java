package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Holds the journal writers' position lock from a connection of the test, so that appends queue up behind it
 * (PostgreSQL: the advisory lock of {@code allocate_positions}; MariaDB and H2: the counter row).
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
		Connection connection = dataSource.getConnection();
		connection.setAutoCommit(dialect == JdbcDialect.POSTGRESQL);
		try (Statement statement = connection.createStatement()) {
			statement.execute(dialect.sql().positionLockStatement(tables));
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
