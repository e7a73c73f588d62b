package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
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
 * call failed they fail with a {@link StoreOutcomeUnknownException}. On PostgreSQL, when
 * the connection failed while the statement ran (or no answer of the database is known,
 * see {@link WriteFailures}), the writes are in doubt and written once more on a fresh
 * connection; one that then loses to the stored revision is read back: its own state
 * (revision, type, payload, key id, write time) is written, a lower revision or another
 * state a conflict, anything else (and a second failure) an unknown outcome. A deadlock
 * or serialization failure (the database rolled the transaction back) is retried like a
 * lost race. The next batch opens a new connection, so the writer recovers when the
 * database does.
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
		boolean reconnected = false;
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			SQLException cause = null;
			try {
				if (writeOnce(pending, writer)) {
					return;
				}
			}
			catch (GroupCommitWriter.OutcomeUnknown ex) {
				pending = WriteRequest.unanswered(pending);
				if (reconnected) {
					logger.warn("Durable-state statement failed again, outcome unknown ({}): {}",
							this.context.dialect(), ex.getMessage());
					WriteRequest.failUnanswered(pending, (request) -> outcomeUnknown(request, ex.getCause()));
					return;
				}
				// the statement may have committed: write again on a fresh connection,
				// where a conflict of these states is read back
				reconnected = true;
				attempt--;
				pending.forEach(WriteRequest::doubted);
				logger.debug("Durable-state statement of {} states failed, outcome unknown; writing them again",
						pending.size(), ex.getCause());
				continue;
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
				// alone, a write that lost a race lost to the stored revision (or, in
				// doubt, perhaps to itself)
				lost(pending.get(0), cause, writer);
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
				catch (SQLException | RuntimeException ex) {
					// (an Error fails the writes as outcome unknown: they are committing)
					if (WriteFailures.outcomeUnknown(ex) || !WriteFailures.refusedBeforeTheCommit(ex)) {
						// asked again by write
						throw new GroupCommitWriter.OutcomeUnknown(ex);
					}
					// the database refused the statement before its commit: its
					// transaction rolled back, nothing was written
					requests.forEach(StateWriteRequest::notCommitted);
					throw ex;
				}
			}
		}
		finally {
			// auto-commit mode: no transaction is left open, whatever happened
			WriteFailures.close(connection, "durable-state");
		}
		// counted before the callers are answered, so that a caller sees its write
		// counted
		writer.committed(writtenIds.size());
		for (StateWriteRequest request : requests) {
			if (writtenIds.contains(request.persistenceId())) {
				request.complete();
			}
			else {
				lost(request, null, writer);
			}
		}
		return true;
	}

	/**
	 * Answers a write that lost to the stored revision: a conflict, unless it is in doubt
	 * (an earlier attempt may have written it), when the stored state is read back.
	 */
	private void lost(StateWriteRequest request, @Nullable Throwable cause,
			GroupCommitWriter<StateWriteRequest> writer) {
		if (!request.inDoubt()) {
			request.fail(conflict(request, cause));
			return;
		}
		DurableStateRecord state = request.state();
		String sql = "SELECT revision, state_type, payload, key_id, write_time FROM "
				+ this.context.tables().durableState() + " WHERE persistence_id = ?";
		try (Connection connection = writer.connection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, request.persistenceId());
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					// deleted since, or never written
					request.fail(outcomeUnknown(request, null));
					return;
				}
				long revision = rs.getLong(1);
				if (revision == state.revision() && isOwn(rs, state)) {
					logger.debug("Durable-state write of '{}' in doubt was written by its earlier attempt",
							request.persistenceId());
					writer.committed(1);
					request.complete();
				}
				else if (revision <= state.revision()) {
					// another writer's state at or below this revision: not written
					request.fail(conflict(request, cause));
				}
				else {
					// a later revision hides whether this one was written
					request.fail(outcomeUnknown(request, null));
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			request.fail(outcomeUnknown(request, ex));
		}
	}

	/**
	 * Whether the row read back holds a write's state (its revision matched); the write
	 * times may differ by the rounding of a column that keeps microseconds.
	 */
	private boolean isOwn(ResultSet rs, DurableStateRecord state) throws SQLException {
		return state.stateType().equals(rs.getString(2)) && Arrays.equals(state.payload(), rs.getBytes(3))
				&& Objects.equals(state.keyId(), rs.getString(4))
				&& Math.abs(ChronoUnit.MICROS.between(Instant.EPOCH, state.writeTime())
						- ChronoUnit.MICROS.between(Instant.EPOCH, this.context.sql().instant(rs, 5))) <= 1;
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
		if (request.inDoubt()) {
			return outcomeUnknown(request, cause);
		}
		return new StoreException(
				"writing the state of '" + request.persistenceId() + "' failed: " + cause.getMessage(), cause);
	}

	private static StoreOutcomeUnknownException outcomeUnknown(StateWriteRequest request, @Nullable Throwable cause) {
		return new StoreOutcomeUnknownException("writing the state of '" + request.persistenceId()
				+ "' failed; it may or may not have been written" + ((cause != null) ? ": " + cause.getMessage() : ""),
				cause);
	}

}
