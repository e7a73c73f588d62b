package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.RevisionConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the durable-state store's {@link GroupCommitWriter} writes a batch of state writes
 * (at most one per entity): in one transaction, as the {@link JournalWriter} does with
 * appends.
 * <p>
 * <b>MariaDB, MySQL, H2.</b> A transaction first reads the stored revision of every
 * entity in the batch (one query); writes that do not follow their entity's revision fail
 * with a {@link RevisionConflictException} right away. The others get consecutive
 * change-feed positions from the counter row ({@code journal_position} row
 * {@code id = 2}, whose lock is held until the commit, so positions become visible in
 * commit order), are inserted (revision 1) and updated
 * ({@code WHERE revision = expected}) with one JDBC batch each, then committed, then
 * answered. A writer elsewhere (another node, or {@code delete}) may still win a race
 * between the check and the write: an insert hits the primary key, or an update hits no
 * row; the transaction rolls back and the batch is written again, and the new check fails
 * the entity that lost. A batch that keeps losing races is split into single writes; a
 * single write that loses one is a conflict.
 * <p>
 * <b>PostgreSQL.</b> One statement in auto-commit mode, its own transaction: positions
 * from {@code allocate_positions(n)} (in a {@code MATERIALIZED} CTE, so the transaction
 * id is assigned in its critical section), an {@code INSERT ... ON CONFLICT DO NOTHING}
 * for the first revisions and an {@code UPDATE ... WHERE
 * revision = expected} for the others, both from {@code UNNEST} of arrays,
 * {@code RETURNING} the entities written. An entity not returned lost to the stored
 * revision and fails alone with a {@link RevisionConflictException}; its position stays
 * unused. A concurrent writer of the same row is waited for and its result decides (the
 * update's condition is evaluated again on the newest row version).
 * <p>
 * <b>Failures</b> fail exactly the writes of that transaction: before the commit
 * (connection refused or lost, a statement failed) the transaction is rolled back and
 * they fail with a {@link StoreException}, nothing of them was written; when the commit
 * call failed (on PostgreSQL: the connection failed while the statement ran, or no answer
 * of the database is known, see {@link WriteFailures}), they fail with a
 * {@link StoreOutcomeUnknownException}. A deadlock or serialization failure (the database
 * rolled the transaction back) is retried like a lost race. The next batch opens a new
 * connection, so the writer recovers when the database does.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class StateWriter implements GroupCommitWriter.Batches<StateWriteRequest> {

	private static final Logger logger = LoggerFactory.getLogger(StateWriter.class);

	private static final int BATCH_ATTEMPTS = 3;

	/** The most payload bytes in one batch; a bigger state is written alone. */
	static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

	private final StoreContext context;

	/** The statement of a batch on PostgreSQL, empty on the other databases. */
	private final String postgresSql;

	private StateWriter(StoreContext context) {
		this.context = context;
		this.postgresSql = (context.sql() instanceof PostgresDialect postgres)
				? postgres.stateWriteStatement(context.tables()) : "";
	}

	/**
	 * Starts the state writer of a store.
	 * @param context the store
	 * @return the writer: {@link GroupCommitWriter#submit} queues a write and waits until
	 * it is durable, or throws a {@link StoreException}
	 * ({@link RevisionConflictException} on a conflict)
	 */
	static GroupCommitWriter<StateWriteRequest> start(StoreContext context) {
		return new GroupCommitWriter<>(context, "durable-state", "ego-state-writer-" + context.tables().prefix(),
				new AppendQueue<>(context.options().queueCapacity(), "the JDBC durable-state store",
						"write the state of"),
				MAX_BATCH_BYTES, new StateWriter(context));
	}

	@Override
	public void write(List<StateWriteRequest> batch, GroupCommitWriter<StateWriteRequest> writer) {
		List<StateWriteRequest> pending = batch;
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			SQLException cause = null;
			try {
				if (writeOnce(pending, writer)) {
					return;
				}
			}
			catch (SQLException ex) {
				if (!SqlDialect.isDuplicateKey(ex) && !WriteFailures.rolledBackByTheDatabase(ex)) {
					logger.warn("Durable-state transaction failed ({} {}): {}", this.context.dialect(),
							ex.getSQLState(), ex.getMessage());
					WriteRequest.failUnanswered(pending, (request) -> notWritten(request, ex));
					return;
				}
				cause = ex;
			}
			pending = WriteRequest.unanswered(pending);
			boolean race = cause == null || SqlDialect.isDuplicateKey(cause);
			if (pending.isEmpty()) {
				return;
			}
			if (race && pending.size() == 1) {
				// alone, a write that lost a race lost to the stored revision
				StateWriteRequest request = pending.get(0);
				request.fail(conflict(request, cause));
				return;
			}
			if (attempt >= BATCH_ATTEMPTS) {
				if (race) {
					for (StateWriteRequest request : pending) {
						write(List.of(request), writer);
					}
				}
				else {
					// not a race: the database rolled the batch back, with this cause
					SQLException failure = Objects.requireNonNull(cause, "the cause of the rollback");
					WriteRequest.failUnanswered(pending, (request) -> notWritten(request, failure));
				}
				return;
			}
			writer.retried();
			logger.debug("Durable-state batch of {} states {} (attempt {}); writing it again", pending.size(),
					race ? "lost a race" : "was rolled back by the database", attempt);
		}
	}

	@Override
	public RuntimeException failure(StateWriteRequest request, Throwable cause) {
		return request.commitAttempted() ? outcomeUnknown(request, cause) : notWritten(request, cause);
	}

	@Override
	public StoreOutcomeUnknownException commitFailed(StateWriteRequest request, Throwable cause) {
		return outcomeUnknown(request, cause);
	}

	/**
	 * Writes a batch in one transaction: conflicting writes fail at once, the others are
	 * answered after the commit.
	 * @param requests the writes, at most one per entity
	 * @return {@code true} when the batch was written or answered, {@code false} when it
	 * lost a race to another writer and was rolled back (the writes not answered yet may
	 * be written again)
	 * @throws SQLException when the transaction failed before the commit (rolled back);
	 * conflicts found before stay answered
	 */
	private boolean writeOnce(List<StateWriteRequest> requests, GroupCommitWriter<StateWriteRequest> writer)
			throws SQLException {
		return (this.context.sql() instanceof PositionLockDialect dialect) ? writeLocked(dialect, requests, writer)
				: writePostgres(requests, writer);
	}

	/**
	 * Writes a batch in a transaction of the {@link GroupCommitWriter} (MariaDB, MySQL,
	 * H2). Not an upsert ({@link SqlDialect#upsert}): an update applies only at the
	 * expected revision, and one that finds no row is a lost race.
	 */
	private boolean writeLocked(PositionLockDialect dialect, List<StateWriteRequest> requests,
			GroupCommitWriter<StateWriteRequest> writer) throws SQLException {
		Tables tables = this.context.tables();
		return writer.inTransaction((connection) -> {
			List<String> ids = new ArrayList<>(requests.size());
			requests.forEach((request) -> ids.add(request.persistenceId()));
			Map<String, long[]> stored = dialect.storedStates(connection, tables, ids);
			List<StateWriteRequest> accepted = new ArrayList<>(requests.size());
			for (StateWriteRequest request : requests) {
				long[] row = stored.get(request.persistenceId());
				long actual = (row != null) ? row[0] : 0;
				if (actual != request.expectedRevision()) {
					request.fail(conflict(request, null));
				}
				else {
					accepted.add(request);
				}
			}
			if (accepted.isEmpty()) {
				return accepted;
			}
			long position = dialect.allocate(connection, tables, PositionLockDialect.STATE_COUNTER, accepted.size())
					- accepted.size();
			List<PositionLockDialect.StateRow> inserts = new ArrayList<>();
			List<PositionLockDialect.StateRow> updates = new ArrayList<>();
			for (StateWriteRequest request : accepted) {
				PositionLockDialect.StateRow row = new PositionLockDialect.StateRow(request.state(), ++position);
				(row.state().revision() == 1 ? inserts : updates).add(row);
			}
			if (!inserts.isEmpty()) {
				dialect.insertStates(connection, tables, inserts);
			}
			if (!updates.isEmpty() && !dialect.updateStates(connection, tables, updates)) {
				// an update found no row at its expected revision: another writer was
				// first
				return null;
			}
			return accepted;
		});
	}

	/**
	 * Writes a batch with one statement in auto-commit mode (PostgreSQL): the statement
	 * is the commit.
	 */
	private boolean writePostgres(List<StateWriteRequest> batch, GroupCommitWriter<StateWriteRequest> writer)
			throws SQLException {
		// everything before executeQuery fails before the statement ran: nothing was
		// written in the order of the ids, so that writers of other nodes lock shared
		// rows in the same order (no deadlock)
		List<StateWriteRequest> requests = new ArrayList<>(batch);
		requests.sort(Comparator.comparing(StateWriteRequest::persistenceId));
		List<DurableStateRecord> states = new ArrayList<>(requests.size());
		requests.forEach((request) -> states.add(request.state()));
		Set<String> writtenIds = new HashSet<>();
		Connection connection = this.context.dataSource().getConnection();
		try {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			try (PreparedStatement statement = connection.prepareStatement(this.postgresSql)) {
				PostgresDialect.bindStates(connection, statement, states);
				requests.forEach(StateWriteRequest::committing);
				try (ResultSet rs = statement.executeQuery()) {
					// the driver read the whole answer, up to the end of the transaction:
					// the statement committed
					while (rs.next()) {
						writtenIds.add(rs.getString(1));
					}
				}
				catch (SQLException | RuntimeException | Error ex) {
					if (WriteFailures.outcomeUnknown(ex)) {
						logger.warn("Durable-state statement failed, outcome unknown ({}): {}", this.context.dialect(),
								ex.getMessage());
						for (StateWriteRequest request : requests) {
							request.fail(outcomeUnknown(request, ex));
						}
						if (ex instanceof Error error) {
							throw error;
						}
						return true;
					}
					// the database refused the statement: its transaction rolled back,
					// nothing was written
					requests.forEach(StateWriteRequest::notCommitted);
					throw ex;
				}
			}
		}
		finally {
			// auto-commit mode: no transaction is left open, whatever happened
			WriteFailures.release(connection, true, "durable-state");
		}
		// counted before the callers are answered, so that a caller sees its write
		// counted
		writer.committed(writtenIds.size());
		for (StateWriteRequest request : requests) {
			if (writtenIds.contains(request.persistenceId())) {
				request.complete();
			}
			else {
				request.fail(conflict(request, null));
			}
		}
		return true;
	}

	private static RevisionConflictException conflict(StateWriteRequest request, @Nullable Throwable cause) {
		RevisionConflictException conflict = new RevisionConflictException(request.persistenceId(),
				request.expectedRevision());
		if (cause != null) {
			conflict.initCause(cause);
		}
		return conflict;
	}

	private static StoreException notWritten(StateWriteRequest request, Throwable cause) {
		return new StoreException(
				"writing the state of '" + request.persistenceId() + "' failed: " + cause.getMessage(), cause);
	}

	private static StoreOutcomeUnknownException outcomeUnknown(StateWriteRequest request, Throwable cause) {
		return new StoreOutcomeUnknownException("writing the state of '" + request.persistenceId()
				+ "' failed; it may or may not have been written: " + cause.getMessage(), cause);
	}

}
