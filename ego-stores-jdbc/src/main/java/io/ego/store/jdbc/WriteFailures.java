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
 * no connection was had, or when the database refused it before its commit (an error the
 * statement raised while it ran, such as a duplicate key:
 * {@link #refusedBeforeTheCommit}).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class WriteFailures {

	private static final Logger logger = LoggerFactory.getLogger(WriteFailures.class);

	private static final int MAX_CAUSES = 32;

	/**
	 * The SQLState classes of errors raised while a statement runs, before its commit.
	 */
	private static final Set<String> PRE_COMMIT_CLASSES = Set.of("22", "23", "40", "42", "44", "53", "54", "55", "P0",
			"45");

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
	 * Tells whether a statement run in auto-commit mode that failed with an answer of the
	 * database was refused before its commit: only errors that a statement raises while
	 * it runs count (SQLState class {@code 22} data, {@code 23} integrity, {@code 40}
	 * rollback, {@code 42} syntax or access, {@code 44}, {@code 53} resources, {@code 54}
	 * limits, {@code 55} object state, {@code 57014} cancelled, {@code P0} PL/pgSQL,
	 * {@code 45} a signal of a stored procedure; MariaDB's lock wait timeout 1205 and
	 * deadlock 1213). Others may come after the commit — a server shutting down
	 * ({@code 57P01}), a procedure killed after its {@code COMMIT} ({@code 70100}) — and
	 * leave the outcome unknown.
	 * @param failure what the statement threw
	 * @return whether nothing of the statement was written
	 */
	static boolean refusedBeforeTheCommit(Throwable failure) {
		for (Throwable t : chain(failure)) {
			if (t instanceof SQLException sql) {
				String state = sql.getSQLState();
				if (sql.getErrorCode() == 1205 || sql.getErrorCode() == 1213) {
					return true;
				}
				if (state != null && state.length() == 5
						&& (PRE_COMMIT_CLASSES.contains(state.substring(0, 2)) || state.equals("57014"))) {
					return true;
				}
			}
		}
		return false;
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
			close(connection, what);
		}
	}

	/**
	 * Closes a connection used in auto-commit mode (no transaction can be open on it);
	 * failures are logged, never thrown.
	 * @param connection the connection
	 * @param what the connection's use, for the log
	 */
	static void close(Connection connection, String what) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Closing a {} connection failed: {}", what, ex.getMessage());
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
