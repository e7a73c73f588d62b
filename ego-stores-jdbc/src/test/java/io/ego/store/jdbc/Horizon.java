package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import static org.assertj.core.api.Assertions.fail;

/**
 * Waits for what was written to become readable by position. On PostgreSQL the journal
 * and the durable-state change feed return a committed row only once every transaction
 * older than its writer has ended, in the whole cluster: the horizon
 * ({@code pg_snapshot_xmin}) is shared by all databases of the server, so a transaction
 * of another build (another database, the same server) that is open when a test writes
 * hides the test's rows until it ends. That is the gap-free guarantee, not a fault, so a
 * test that reads right after writing waits for the rows, up to {@link #TIMEOUT}. On
 * MariaDB, MySQL and H2 a committed write is readable at once, and the wait returns at
 * the first read.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class Horizon {

	/**
	 * How long a committed write may stay hidden behind other sessions' transactions:
	 * longer than any transaction that the tests of this project (run by other builds on
	 * the same server) keep open.
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Duration POLL = Duration.ofMillis(20);

	private Horizon() {
	}

	/**
	 * Reads until what is read is complete.
	 * @param <T> what is read
	 * @param what what is awaited, for the failure message
	 * @param dataSource the database, for the failure message
	 * @param read the read
	 * @param complete whether a read holds what was written
	 * @return the first complete read
	 */
	static <T> T await(String what, DataSource dataSource, Callable<T> read, Predicate<? super T> complete) {
		try {
			return Awaitility.await()
				.pollDelay(Duration.ZERO)
				.pollInterval(POLL)
				.pollInSameThread()
				.atMost(TIMEOUT)
				.until(read, complete::test);
		}
		catch (ConditionTimeoutException ex) {
			T last;
			try {
				last = read.call();
			}
			catch (Exception readFailed) {
				throw new AssertionError(readFailed);
			}
			return fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + "; last read: " + last
					+ "; transactions holding the horizon back: " + holders(dataSource));
		}
	}

	/**
	 * Returns the open transactions of the server that have a transaction id, oldest
	 * first: on PostgreSQL, those hold the horizon back. Empty on other databases.
	 * @param dataSource the database
	 * @return one line per transaction
	 */
	static List<String> holders(DataSource dataSource) {
		List<String> holders = new ArrayList<>();
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
				return holders;
			}
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT format('%s pid %s xid %s %s for %s: %s', "
						+ "datname, pid, backend_xid, state, clock_timestamp() - xact_start, LEFT(query, 120)) "
						+ "FROM pg_stat_activity WHERE backend_xid IS NOT NULL" + " ORDER BY age(backend_xid) DESC");
					ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					holders.add(rs.getString(1));
				}
			}
		}
		catch (SQLException ex) {
			holders.add("(" + ex.getMessage() + ")");
		}
		return holders;
	}

}
