package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.fail;

/**
 * Waits for states of the journal writer: blocked on a database lock, or a number of
 * appends pending.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class WriterProbe {

	private WriterProbe() {
	}

	/**
	 * Waits until a session writing the journal of a prefix waits for a lock in the
	 * database.
	 * @param dataSource the database
	 * @param dialect its dialect
	 * @param tables the tables
	 */
	static void awaitBlockedWriter(DataSource dataSource, JdbcDialect dialect, Tables tables) {
		String sql = switch (dialect) {
			case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
					+ "AND pid <> pg_backend_pid() AND query LIKE ?";
			// innodb_trx is a cached view that may miss the wait; the process list shows
			// the running update
			case MARIADB, MYSQL -> "SELECT COUNT(*) FROM information_schema.processlist WHERE command = 'Query' "
					+ "AND info LIKE ? AND id <> CONNECTION_ID()";
			case H2 -> "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL "
					+ "AND executing_statement LIKE ?";
		};
		String pattern = "%" + ((dialect == JdbcDialect.POSTGRESQL) ? tables.prefix() + "allocate_positions"
				: tables.journalPosition()) + "%";
		String diagnostics = switch (dialect) {
			case POSTGRESQL -> "SELECT state || ' ' || COALESCE(wait_event_type, '-') || ' ' || LEFT(query, 120) "
					+ "FROM pg_stat_activity WHERE datname = current_database()";
			case MARIADB, MYSQL -> "SELECT CONCAT(id, ' ', command, ' ', COALESCE(state, '-'), ' ', "
					+ "COALESCE(LEFT(info, 120), '-')) FROM information_schema.processlist";
			case H2 -> "SELECT COALESCE(CAST(blocker_id AS VARCHAR), '-') || ' ' "
					+ "|| COALESCE(LEFT(executing_statement, 120), '-') FROM information_schema.sessions";
		};
		await(() -> "a journal writer blocked on a lock; sessions: " + rows(dataSource, diagnostics), () -> {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setString(1, pattern);
				try (ResultSet rs = statement.executeQuery()) {
					return rs.next() && rs.getInt(1) > 0;
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static List<String> rows(DataSource dataSource, String sql) {
		List<String> rows = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				rows.add(rs.getString(1));
			}
		}
		catch (SQLException ex) {
			rows.add("(" + ex.getMessage() + ")");
		}
		return rows;
	}

	/**
	 * Waits for a condition, for at most 10 seconds.
	 * @param what the condition, for the failure message
	 * @param condition the condition
	 */
	static void await(String what, BooleanSupplier condition) {
		await(() -> what, condition);
	}

	/**
	 * Waits for a condition, for at most 10 seconds.
	 * @param what the condition, for the failure message, computed on failure
	 * @param condition the condition
	 */
	static void await(Supplier<String> what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("timed out waiting for " + what.get());
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				fail("interrupted waiting for " + what.get());
			}
		}
	}

}
