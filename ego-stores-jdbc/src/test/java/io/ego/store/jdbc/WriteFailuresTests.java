package io.ego.store.jdbc;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a failed auto-commit write is classified: outcome unknown when the connection
 * failed while the statement ran or no answer of the database is known, not written when
 * there was no connection or the database refused it.
 *
 * @author eGo team
 * @since 0.1.0
 */
class WriteFailuresTests {

	@Test
	void aConnectionFailureWhileTheStatementRanLeavesTheOutcomeUnknown() {
		assertThat(WriteFailures.outcomeUnknown(
				new RecoverableDataAccessException("update", new SQLRecoverableException("connection reset"))))
			.isTrue();
		assertThat(WriteFailures.outcomeUnknown(new TransientDataAccessResourceException("update",
				new SQLTransientConnectionException("connection lost"))))
			.isTrue();
		assertThat(WriteFailures.outcomeUnknown(new SQLNonTransientConnectionException("socket closed"))).isTrue();
		assertThat(WriteFailures.outcomeUnknown(new UncategorizedSQLException("update", null,
				new SQLException("An I/O error occurred while sending to the backend", "08006"))))
			.isTrue();
		assertThat(WriteFailures.outcomeUnknown(new SQLException("This connection has been closed", "08003"))).isTrue();
	}

	@Test
	void anIoCauseLeavesTheOutcomeUnknownWhateverTheSqlState() {
		assertThat(WriteFailures
			.outcomeUnknown(new SQLException("read timed out", null, new SocketTimeoutException("Read timed out"))))
			.isTrue();
		assertThat(
				WriteFailures.outcomeUnknown(new SQLException("unexpected end of stream", "XX000", new EOFException())))
			.isTrue();
	}

	@Test
	void aFailureWithoutAnAnswerOfTheDatabaseLeavesTheOutcomeUnknown() {
		assertThat(WriteFailures.outcomeUnknown(new IllegalStateException("driver bug"))).isTrue();
		assertThat(WriteFailures
			.outcomeUnknown(new UncategorizedSQLException("update", null, new SQLException("no SQLState")))).isTrue();
		assertThat(WriteFailures.outcomeUnknown(new AssertionError("an error"))).isTrue();
	}

	@Test
	void aConnectionFailureFoundAmongTheNextExceptionsLeavesTheOutcomeUnknown() {
		BatchUpdateException batch = new BatchUpdateException("batch failed", "23505", new int[0]);
		batch.setNextException(new SQLException("connection lost", "08006"));
		assertThat(WriteFailures.outcomeUnknown(batch)).isTrue();
	}

	@Test
	void noConnectionOrARefusalByTheDatabaseMeansNotWritten() {
		assertThat(WriteFailures.outcomeUnknown(new CannotGetJdbcConnectionException("no connection",
				new SQLTransientConnectionException("pool - Connection is not available", "08001"))))
			.isFalse();
		assertThat(WriteFailures.outcomeUnknown(new DuplicateKeyException("insert",
				new SQLException("duplicate key value violates unique constraint", "23505"))))
			.isFalse();
		assertThat(WriteFailures
			.outcomeUnknown(new DataIntegrityViolationException("insert", new SQLException("value too long", "22001"))))
			.isFalse();
		assertThat(WriteFailures.outcomeUnknown(new UncategorizedSQLException("update", null,
				new SQLException("canceling statement due to user request", "57014"))))
			.isFalse();
	}

}
