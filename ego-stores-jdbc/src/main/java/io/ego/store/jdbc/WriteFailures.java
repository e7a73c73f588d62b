package io.ego.store.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * What a failed write left behind, for the reply rule of the stores (a plain
 * {@code StoreException} from a write means that nothing was written, a
 * {@code StoreOutcomeUnknownException} that the write may have taken effect), and the
 * release of a connection once the outcome of its transaction is decided.
 * <p>
 * A statement run in auto-commit mode is its own commit: when the connection fails while
 * it runs, or no answer of the database is known, it may have committed. It did not when
 * no connection was had, or when the database refused it (an error with an SQLState
 * outside class {@code 08}, such as a duplicate key).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class WriteFailures {

	private static final Logger logger = LoggerFactory.getLogger(WriteFailures.class);

	private static final int MAX_CAUSES = 32;

	private WriteFailures() {
	}

	/**
	 * Tells whether a write that ran as one statement in auto-commit mode may have taken
	 * effect.
	 * @param failure what the write threw
	 * @return {@code true} when the connection failed while the statement ran
	 * ({@code SQLState} class {@code 08}, {@link SQLRecoverableException},
	 * {@link SQLTransientConnectionException},
	 * {@link SQLNonTransientConnectionException}, an {@link IOException} cause) or no
	 * SQLState tells of an answer of the database; {@code false} when getting a
	 * connection failed ({@link CannotGetJdbcConnectionException}) or the database
	 * reported an error
	 */
	static boolean outcomeUnknown(Throwable failure) {
		List<Throwable> chain = chain(failure);
		for (Throwable t : chain) {
			if (t instanceof CannotGetJdbcConnectionException) {
				return false;
			}
		}
		boolean answered = false;
		for (Throwable t : chain) {
			if (isConnectionFailure(t)) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null) {
				answered = true;
			}
		}
		return !answered;
	}

	/**
	 * Tells whether a connection broke while in use (its socket failed): a pooled
	 * connection left stale by an outage fails this way at its first use.
	 * @param failure what the database call threw
	 * @return whether an {@link IOException} is among its causes
	 */
	static boolean connectionBroke(Throwable failure) {
		for (Throwable t : chain(failure)) {
			if (t instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Tells whether the database rolled a transaction back by itself: a deadlock or a
	 * serialization failure, after which the transaction may be written again.
	 * @param failure what the transaction threw
	 * @return whether it or one of its next exceptions has SQLState {@code 40001} or
	 * {@code 40P01}, or MariaDB's error 1213
	 */
	static boolean rolledBackByTheDatabase(SQLException failure) {
		for (SQLException sql = failure; sql != null; sql = sql.getNextException()) {
			if ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()) || sql.getErrorCode() == 1213) {
				return true;
			}
			if (sql.getNextException() == sql) {
				break;
			}
		}
		return false;
	}

	/**
	 * Returns the first {@link SQLException} of a failure's causes.
	 * @param failure the failure
	 * @return the SQL exception, {@code null} when there is none
	 */
	static @Nullable SQLException sqlException(Throwable failure) {
		for (Throwable t : chain(failure)) {
			if (t instanceof SQLException sql) {
				return sql;
			}
		}
		return null;
	}

	/**
	 * Restores auto-commit and closes a connection whose transaction's outcome is
	 * decided; failures are logged, never thrown. Auto-commit is restored only when the
	 * transaction is over: switching it on commits an open transaction.
	 * @param connection the connection
	 * @param transactionEnded whether the transaction was committed or rolled back
	 * @param what the connection's use, for the log
	 */
	static void release(Connection connection, boolean transactionEnded, String what) {
		try {
			if (transactionEnded) {
				connection.setAutoCommit(true);
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Restoring auto-commit on a {} connection failed: {}", what, ex.getMessage());
		}
		finally {
			try {
				connection.close();
			}
			catch (SQLException | RuntimeException ex) {
				logger.warn("Closing a {} connection failed: {}", what, ex.getMessage());
			}
		}
	}

	private static boolean isConnectionFailure(Throwable t) {
		if (t instanceof SQLRecoverableException || t instanceof SQLTransientConnectionException
				|| t instanceof SQLNonTransientConnectionException || t instanceof IOException) {
			return true;
		}
		return t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
	}

	/** The failure, its causes and the next exceptions of SQL exceptions, each once. */
	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Deque<Throwable> pending = new ArrayDeque<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		pending.add(failure);
		while (!pending.isEmpty() && chain.size() < MAX_CAUSES) {
			Throwable t = pending.poll();
			if (!seen.add(t)) {
				continue;
			}
			chain.add(t);
			if (t instanceof SQLException sql && sql.getNextException() != null) {
				pending.add(sql.getNextException());
			}
			if (t.getCause() != null) {
				pending.add(t.getCause());
			}
		}
		return chain;
	}

}
