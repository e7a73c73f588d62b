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

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import static org.assertj.core.api.Assertions.fail;

/**
 * Waits for states of the journal writer: blocked on a database lock, or a number of
 * appends pending; and checks that a state holds for a while.
 * <p>
 * The database servers are shared: other builds run these very tests, with the same table
 * prefixes, in other databases of the same servers. Whatever is read from the servers'
 * session lists is therefore limited to the test's own database.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class WriterProbe {

	/**
	 * How long {@link #await} waits at most: far more than any condition of these tests
	 * takes (they are reached in milliseconds), so that only a condition that is never
	 * reached fails, even on a loaded two-core machine.
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL = Duration.ofMillis(5);

	private WriterProbe() {
	}

	/**
	 * Waits until a session writing the journal of a prefix waits for a lock in the
	 * test's database (sessions of other databases on the same server, which may run the
	 * same tests with the same prefix, do not count).
	 * @param dataSource the database
	 * @param dialect its dialect
	 * @param tables the tables
	 */
	static void awaitBlockedWriter(DataSource dataSource, JdbcDialect dialect, Tables tables) {
		String sql = switch (dialect) {
			case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
					+ "AND pid <> pg_backend_pid() AND datname = current_database() AND query LIKE ?";
			// innodb_trx is a cached view that may miss the wait; the process list shows
			// the running update
			case MARIADB, MYSQL -> "SELECT COUNT(*) FROM information_schema.processlist WHERE command = 'Query' "
					+ "AND info LIKE ? AND id <> CONNECTION_ID() AND db = DATABASE()";
			case H2 -> "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL "
					+ "AND executing_statement LIKE ?";
		};
		String pattern = "%" + ((dialect == JdbcDialect.POSTGRESQL) ? tables.prefix() + "allocate_positions"
				: tables.journalPosition()) + "%";
		String diagnostics = switch (dialect) {
			case POSTGRESQL -> "SELECT state || ' ' || COALESCE(wait_event_type, '-') || ' ' || LEFT(query, 120) "
					+ "FROM pg_stat_activity WHERE datname = current_database()";
			case MARIADB, MYSQL -> "SELECT CONCAT(id, ' ', command, ' ', COALESCE(state, '-'), ' ', "
					+ "COALESCE(LEFT(info, 120), '-')) FROM information_schema.processlist WHERE db = DATABASE()";
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
	 * Waits for a condition, for at most {@link #TIMEOUT}.
	 * @param what the condition, for the failure message
	 * @param condition the condition
	 */
	static void await(String what, BooleanSupplier condition) {
		await(() -> what, condition);
	}

	/**
	 * Waits for a condition, for at most {@link #TIMEOUT}, polling it every few
	 * milliseconds.
	 * @param what the condition, for the failure message, computed on failure
	 * @param condition the condition
	 */
	static void await(Supplier<String> what, BooleanSupplier condition) {
		try {
			poll().atMost(TIMEOUT).until(condition::getAsBoolean);
		}
		catch (ConditionTimeoutException ex) {
			fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what.get());
		}
	}

	/**
	 * Checks that a condition holds, and keeps holding for a while (a state that nothing
	 * may change, such as a caller that must still be waiting): fails as soon as it does
	 * not hold. Not a synchronisation: on a slow machine the check only looks for a
	 * shorter stretch of the test's time, it never fails a correct store.
	 * @param what the condition, for the failure message
	 * @param duration how long it must hold
	 * @param condition the condition
	 */
	static void assertHolds(String what, Duration duration, BooleanSupplier condition) {
		if (!condition.getAsBoolean()) {
			fail("expected " + what + ", at once");
		}
		try {
			poll().during(duration)
				.atMost(duration.plus(TIMEOUT))
				.failFast(what + " no longer holds", () -> !condition.getAsBoolean())
				.until(condition::getAsBoolean);
		}
		catch (TerminalFailureException | ConditionTimeoutException ex) {
			fail("expected " + what + " for " + duration.toMillis() + " ms: " + ex.getMessage());
		}
	}

	/**
	 * Returns whether a thread waits for the writer's answer to its request: it queued
	 * the request and is in {@code WriteRequest.await} (not waiting for room in the
	 * queue, nor for the queue's lock).
	 * @param thread the thread
	 * @return whether it waits for its answer
	 */
	static boolean waitsForItsAnswer(Thread thread) {
		for (StackTraceElement frame : thread.getStackTrace()) {
			if (frame.getClassName().equals(WriteRequest.class.getName()) && frame.getMethodName().equals("await")) {
				return true;
			}
		}
		return false;
	}

	private static ConditionFactory poll() {
		return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(POLL).pollInSameThread();
	}

}
