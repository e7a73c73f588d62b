package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the journal's {@link GroupCommitWriter} writes a batch of appends.
 * <p>
 * <b>H2, and batches on MariaDB and MySQL: one transaction.</b> It first reads the
 * highest sequence number of every entity in the batch (one query, one index probe per
 * entity, deleted events included); appends that do not continue their entity's history
 * fail with an {@link AppendConflictException} right away. The others are inserted with
 * one JDBC batch, then committed, then answered.
 * <p>
 * <b>PostgreSQL: one statement in auto-commit mode</b>, its own transaction and commit
 * (one round trip): the check, the position allocation and the insert
 * ({@link PostgresDialect#checkAndInsertEvents}), which inserts nothing when an append
 * conflicts; the conflicting appends fail and the others are written again with a
 * statement of their own. <b>A single append of one event on MariaDB and MySQL</b> (a
 * sequential caller's command) calls the append procedure of schema version 8 in
 * auto-commit mode: the same check, position lock and insert in a transaction of its own
 * on the server, one round trip instead of six.
 * <p>
 * A writer elsewhere (another node) may still win a race between the check and the
 * insert: the unique key on (persistence id, sequence number) rejects the insert, the
 * transaction rolls back, and the batch is retried; the new check fails the entity that
 * lost. A batch that keeps failing on a unique key is split into single appends. Any
 * other failure fails exactly the appends of that transaction: with a
 * {@link StoreException} (nothing was written) when the database refused it or it failed
 * before the commit and was rolled back. The next batch opens a new connection, so the
 * writer recovers when the database does.
 * <p>
 * <b>Outcome unknown, then asked again.</b> When the commit call fails, or the connection
 * fails while a statement in auto-commit mode runs (or no answer of the database is
 * known, see {@link WriteFailures#outcomeUnknown}), the appends may have been written:
 * they are in doubt, and written once more on a fresh connection. The unique key lets at
 * most one of the two attempts insert (an attempt still running on the server holds its
 * rows until it ends, and the retry's insert waits for it), so the retry either writes
 * the events, or meets a conflict; a conflict of an append in doubt is decided by reading
 * back the row at its first sequence number: the append's own event (same type, payload,
 * key id, write time and metadata) means it was written, another one a conflict, none an
 * unknown outcome. A second failure leaves the outcome unknown.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class JournalWriter implements GroupCommitWriter.Batches<AppendRequest> {

	private static final Logger logger = LoggerFactory.getLogger(JournalWriter.class);

	private static final int BATCH_ATTEMPTS = 3;

	private final StoreContext context;

	/**
	 * The statement that checks and inserts appends in auto-commit mode, {@code null} on
	 * H2.
	 */
	private final @Nullable AutoCommitted autoCommitted;

	/**
	 * Whether {@link #autoCommitted} writes whole batches (PostgreSQL), or only a single
	 * append of one event (MariaDB, MySQL: the append procedure).
	 */
	private final boolean autoCommitsBatches;

	private JournalWriter(StoreContext context) {
		this.context = context;
		if (context.sql() instanceof PostgresDialect postgres) {
			PostgresDialect.AppendStatements statements = postgres.appendStatements(context.tables());
			this.autoCommitted = (connection, requests, events) -> postgres.checkAndInsertEvents(connection, statements,
					requests, events);
			this.autoCommitsBatches = true;
		}
		else if (context.sql() instanceof MariaDbDialect mariadb) {
			String call = mariadb.appendCall(context.tables());
			this.autoCommitted = (connection, requests, events) -> mariadb.appendEvent(connection, call,
					requests.get(0));
			this.autoCommitsBatches = false;
		}
		else {
			this.autoCommitted = null;
			this.autoCommitsBatches = false;
		}
	}

	/**
	 * Starts the journal writer of a store.
	 * @param context the store
	 * @return the writer: {@link GroupCommitWriter#submit} queues an append and waits
	 * until it is durable, or throws a {@link StoreException}
	 * ({@link AppendConflictException} on a conflict)
	 */
	static GroupCommitWriter<AppendRequest> start(StoreContext context) {
		return new GroupCommitWriter<>(context, "journal", "ego-journal-writer-" + context.tables().prefix(),
				new AppendQueue<>(context.options().queueCapacity(), "the JDBC event store", "append to"),
				Long.MAX_VALUE, new JournalWriter(context));
	}

	@Override
	public void write(List<AppendRequest> batch, GroupCommitWriter<AppendRequest> writer) {
		List<AppendRequest> pending = batch;
		boolean reconnected = false;
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			try {
				writeOnce(pending, writer);
				return;
			}
			catch (GroupCommitWriter.OutcomeUnknown ex) {
				pending = WriteRequest.unanswered(pending);
				if (reconnected) {
					logger.warn("Journal statement failed again, outcome unknown ({}): {}", this.context.dialect(),
							ex.getMessage());
					WriteRequest.failUnanswered(pending, (request) -> outcomeUnknown(request, ex.getCause()));
					return;
				}
				// the statement may have committed: write again on a fresh connection,
				// where a conflict of these appends is read back
				reconnected = true;
				attempt--;
				pending.forEach(WriteRequest::doubted);
				logger.debug("Journal statement of {} appends failed, outcome unknown; writing them again",
						pending.size(), ex.getCause());
			}
			catch (SQLException ex) {
				pending = WriteRequest.unanswered(pending);
				if (!reconnected && WriteFailures.connectionBroke(ex)) {
					// failed before the commit, so rolled back: once on a fresh
					// connection (the pool may have handed out one left stale by an
					// outage)
					reconnected = true;
					attempt--;
					logger.debug("Journal batch of {} appends lost its connection before the commit; writing it again",
							pending.size());
					continue;
				}
				if (!SqlDialect.isDuplicateKey(ex)) {
					fail(pending, failure(ex, "the journal write failed"));
					return;
				}
				if (!violates(ex, this.context.tables().prefix() + "journal_seq_uk")) {
					// not another writer of the same entity: a position taken twice (a
					// reset sequence or counter)
					fail(pending, failure(ex, "the journal write failed on a duplicate position; is "
							+ this.context.tables().journalPosition() + " behind the journal?"));
					return;
				}
				if (attempt >= BATCH_ATTEMPTS) {
					writeOneByOne(pending, ex, writer);
					return;
				}
				writer.retried();
				logger.debug("Journal batch of {} appends hit a unique key (attempt {}); checking again",
						pending.size(), attempt);
			}
		}
	}

	/**
	 * A failed commit leaves the appends in doubt: they are written again and read back
	 * (see {@link #write}).
	 */
	@Override
	public boolean asksAgainAfterAFailedCommit() {
		return true;
	}

	@Override
	public RuntimeException failure(AppendRequest request, Throwable cause) {
		return request.commitAttempted()
				? new StoreOutcomeUnknownException(
						"journal write failed: " + cause + "; the events may or may not have been written", cause)
				: new StoreException("journal write failed: " + cause, cause);
	}

	@Override
	public StoreOutcomeUnknownException commitFailed(AppendRequest request, Throwable cause) {
		return new StoreOutcomeUnknownException(
				"the journal commit failed; the events may or may not have been " + "written: " + cause.getMessage(),
				cause);
	}

	private static StoreOutcomeUnknownException outcomeUnknown(AppendRequest request, @Nullable Throwable cause) {
		return new StoreOutcomeUnknownException(
				"appending to '" + request.persistenceId() + "' failed; the events may or may not have been written"
						+ ((cause != null) ? ": " + cause.getMessage() : ""),
				cause);
	}

	private void writeOneByOne(List<AppendRequest> pending, SQLException cause,
			GroupCommitWriter<AppendRequest> writer) {
		if (pending.size() == 1) {
			AppendRequest request = pending.get(0);
			if (request.inDoubt()) {
				readBack(request, -1, writer);
				return;
			}
			request.fail(conflict(request, -1, cause));
			return;
		}
		for (AppendRequest request : pending) {
			write(List.of(request), writer);
		}
	}

	/**
	 * Writes a batch: in one transaction, conflicting appends failed at once and the
	 * others answered after commit (see {@link GroupCommitWriter#inTransaction}); on
	 * PostgreSQL, and a single append of one event on MariaDB and MySQL, with statements
	 * in auto-commit mode ({@link #writeAutoCommitted}).
	 * @param requests the appends, at most one per entity
	 * @throws GroupCommitWriter.OutcomeUnknown when a statement in auto-commit mode may
	 * have committed
	 * @throws SQLException when the transaction failed before the commit (rolled back);
	 * conflicts found before stay answered
	 */
	private void writeOnce(List<AppendRequest> requests, GroupCommitWriter<AppendRequest> writer) throws SQLException {
		SqlDialect sql = this.context.sql();
		Tables tables = this.context.tables();
		AutoCommitted statement = this.autoCommitted;
		if (statement != null && (this.autoCommitsBatches || (requests.size() == 1 && requests.get(0).size() == 1))) {
			writeAutoCommitted(statement, requests, writer);
			return;
		}
		writer.inTransaction((connection) -> {
			List<String> ids = new ArrayList<>(requests.size());
			requests.forEach((request) -> ids.add(request.persistenceId()));
			Map<String, Long> highest = sql.highestSequenceNrs(connection, tables, ids);
			List<AppendRequest> accepted = new ArrayList<>(requests.size());
			int events = 0;
			for (AppendRequest request : requests) {
				long actual = highest.getOrDefault(request.persistenceId(), 0L);
				if (actual != request.expectedSequenceNr() && request.inDoubt()) {
					readBack(connection, request, actual, writer);
				}
				else if (actual != request.expectedSequenceNr()) {
					request.fail(conflict(request, actual, null));
				}
				else {
					accepted.add(request);
					events += request.size();
				}
			}
			if (!accepted.isEmpty()) {
				sql.insertEvents(connection, tables, accepted, events);
			}
			return accepted;
		});
	}

	/**
	 * Writes a batch with statements in auto-commit mode, each its own transaction
	 * ({@link PostgresDialect#checkAndInsertEvents}, {@link MariaDbDialect#appendEvent});
	 * when some appends conflict they fail (or, in doubt, are read back) and the others
	 * are written with the next statement.
	 * @throws GroupCommitWriter.OutcomeUnknown when a statement may have committed: its
	 * appends are left unanswered
	 * @throws SQLException when the database refused a statement (nothing of it was
	 * written)
	 */
	private void writeAutoCommitted(AutoCommitted statement, List<AppendRequest> requests,
			GroupCommitWriter<AppendRequest> writer) throws SQLException {
		Connection connection = writer.connection();
		try {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			List<AppendRequest> remaining = requests;
			while (!remaining.isEmpty()) {
				int events = 0;
				for (AppendRequest request : remaining) {
					events += request.size();
					request.committing();
				}
				Map<String, Long> conflicts;
				try {
					conflicts = statement.checkAndInsert(connection, remaining, events);
				}
				catch (SQLException | RuntimeException ex) {
					if (WriteFailures.outcomeUnknown(ex) || !WriteFailures.refusedBeforeTheCommit(ex)) {
						throw new GroupCommitWriter.OutcomeUnknown(ex);
					}
					// the database refused the statement before its commit: it rolled
					// back, nothing of it was written
					remaining.forEach(WriteRequest::notCommitted);
					cleanUp(connection);
					throw ex;
				}
				if (conflicts.isEmpty()) {
					writer.committed(remaining.size());
					remaining.forEach(WriteRequest::complete);
					return;
				}
				if (conflicts.size() > remaining.size()
						|| !remaining.stream().anyMatch((request) -> conflicts.containsKey(request.persistenceId()))) {
					throw new SQLException("the journal statement reported conflicts of other entities: " + conflicts);
				}
				List<AppendRequest> others = new ArrayList<>(remaining.size());
				for (AppendRequest request : remaining) {
					Long actual = conflicts.get(request.persistenceId());
					if (actual == null) {
						others.add(request);
					}
					else if (request.inDoubt()) {
						readBack(connection, request, actual, writer);
					}
					else {
						request.notCommitted();
						request.fail(conflict(request, actual, null));
					}
				}
				remaining = others;
			}
		}
		finally {
			// auto-commit mode: no transaction is left open, whatever happened
			WriteFailures.close(connection, "journal");
		}
	}

	/**
	 * Decides an append in doubt that met a conflict, on a fresh connection.
	 */
	private void readBack(AppendRequest request, long actual, GroupCommitWriter<AppendRequest> writer) {
		Connection connection;
		try {
			connection = writer.connection();
		}
		catch (SQLException | RuntimeException ex) {
			request.fail(outcomeUnknown(request, ex));
			return;
		}
		try {
			readBack(connection, request, actual, writer);
		}
		finally {
			WriteFailures.close(connection, "journal");
		}
	}

	/**
	 * Decides an append in doubt that met a conflict by reading back the row at its first
	 * sequence number: its own event means that an earlier attempt wrote it (answered as
	 * written), another event a conflict, no row (deleted since) an unknown outcome.
	 * @param actual the entity's highest sequence number the conflict reported, -1 when
	 * not known
	 */
	private void readBack(Connection connection, AppendRequest request, long actual,
			GroupCommitWriter<AppendRequest> writer) {
		PersistedEvent first = request.events().get(0);
		String sql = "SELECT event_type, payload, key_id, write_time, metadata FROM " + this.context.tables().journal()
				+ " WHERE persistence_id = ? AND seq_nr = ?";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, request.persistenceId());
			statement.setLong(2, first.sequenceNr());
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					if (actual >= 0 && actual < first.sequenceNr()) {
						// the history does not reach the append: not written
						request.fail(conflict(request, actual, null));
					}
					else {
						request.fail(outcomeUnknown(request, null));
					}
					return;
				}
				if (isOwn(rs, first, request.metadata().get(0))) {
					logger.debug("Journal append to '{}' in doubt was written by its earlier attempt",
							request.persistenceId());
					writer.committed(1);
					request.complete();
				}
				else {
					request.fail(conflict(request, actual, null));
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			request.fail(outcomeUnknown(request, ex));
		}
	}

	/**
	 * Whether a row read back holds an append's event; the write times may differ by the
	 * rounding of a column that keeps microseconds.
	 */
	private boolean isOwn(ResultSet rs, PersistedEvent event, byte[] metadata) throws SQLException {
		byte[] storedMetadata = rs.getBytes(5);
		return event.eventType().equals(rs.getString(1)) && Arrays.equals(event.payload(), rs.getBytes(2))
				&& Objects.equals(event.keyId(), rs.getString(3))
				&& Math.abs(micros(event.writeTime()) - micros(this.context.sql().instant(rs, 4))) <= 1
				&& Arrays.equals(metadata, (storedMetadata != null) ? storedMetadata : MetadataCodec.EMPTY);
	}

	private static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

	/**
	 * Cleans up after a refused statement ({@link SqlDialect#afterFailedWrite}); when
	 * that fails, the connection is aborted rather than handed back to the pool with a
	 * lock or a transaction left on it.
	 */
	private void cleanUp(Connection connection) {
		try {
			this.context.sql().afterFailedWrite(connection, this.context.tables());
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Clean-up after a refused journal statement failed, closing the connection: {}",
					ex.getMessage());
			try {
				connection.abort(Runnable::run);
			}
			catch (SQLException | RuntimeException abortFailed) {
				logger.debug("Aborting the connection failed: {}", abortFailed.getMessage());
			}
		}
	}

	private static AppendConflictException conflict(AppendRequest request, long actual, @Nullable Throwable cause) {
		AppendConflictException conflict = new AppendConflictException(request.persistenceId(),
				request.expectedSequenceNr(), actual);
		if (cause != null) {
			conflict.initCause(cause);
		}
		return conflict;
	}

	private static boolean violates(SQLException ex, String constraint) {
		String name = constraint.toLowerCase(Locale.ROOT);
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(name)) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getNextException() != null
					&& String.valueOf(sql.getNextException().getMessage()).toLowerCase(Locale.ROOT).contains(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Fails the appends not answered yet; those in doubt with an unknown outcome (an
	 * earlier attempt may have written them).
	 */
	private static void fail(List<AppendRequest> requests, StoreException failure) {
		WriteRequest.failUnanswered(requests,
				(request) -> request.inDoubt() ? outcomeUnknown(request, failure) : failure);
	}

	/**
	 * A statement that checks and inserts appends in auto-commit mode, its own
	 * transaction: it inserts nothing when an append conflicts.
	 */
	@FunctionalInterface
	private interface AutoCommitted {

		/**
		 * @param connection the connection, in auto-commit mode
		 * @param requests the appends, at most one per entity
		 * @param events the number of their events
		 * @return the stored highest sequence number of each entity whose append
		 * conflicts, empty when every append was inserted
		 * @throws SQLException when the statement fails
		 */
		Map<String, Long> checkAndInsert(Connection connection, List<AppendRequest> requests, int events)
				throws SQLException;

	}

	private StoreException failure(SQLException ex, String what) {
		logger.warn("Journal transaction failed ({} {}): {}", this.context.dialect(), ex.getSQLState(),
				ex.getMessage());
		return new StoreException(what + ": " + ex.getMessage(), ex);
	}

}
