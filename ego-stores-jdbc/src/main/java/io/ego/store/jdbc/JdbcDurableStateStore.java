package io.ego.store.jdbc;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateChanges;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.RevisionConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DurableStateStore} on JDBC with optimistic revision checks: revision 1 is an
 * insert (a stored row means another writer was first), later revisions an update of the
 * row holding the expected revision.
 * <p>
 * <b>Group commit.</b> Writes go through one writer thread per store (see
 * {@link StateWriter}), which writes the states of many entities in one transaction, as
 * the journal writer does with appends: a write that does not follow its entity's stored
 * revision fails alone with a {@link RevisionConflictException}, a failed transaction
 * fails exactly its writes. {@link #close()} drains the writer; writes after it fail.
 * <p>
 * <b>Change feed</b> ({@link #changesAfter}, {@link #changesHeadPosition()}, schema
 * version 3): every write gives the state a new position, gap-free as the journal's (see
 * the module's README): on PostgreSQL from {@code allocate_positions} (the journal's
 * sequence) with the writing transaction's id, read below the snapshot horizon; on
 * MariaDB, MySQL and H2 from the counter row {@code id = 2} of {@code journal_position},
 * locked until the writing transaction commits. The head is the counter row's value on
 * MariaDB, MySQL and H2 (one primary-key read) and the highest position below the horizon
 * on PostgreSQL (one probe of the index on the position).
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcDurableStateStore implements DurableStateStore, DurableStateChanges, AutoCloseable {

	private static final String COLUMNS = "persistence_id, revision, entity_type, slice, state_type, payload, key_id, "
			+ "write_time";

	private final StoreContext context;

	private final GroupCommitWriter<StateWriteRequest> writer;

	private final String changesSql;

	private final String headSql;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcDurableStateStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store and starts its writer thread.
	 * @param dataSource the database
	 * @param options the options ({@code maxBatchSize}, {@code linger} and
	 * {@code queueCapacity} apply to the states of a transaction as they do to the events
	 * of the journal's)
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcDurableStateStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.durableState()));
		String table = this.context.tables().durableState();
		String horizon = this.context.sql().horizonCondition();
		this.changesSql = "SELECT " + COLUMNS + ", position FROM " + table
				+ " WHERE position > ? AND slice >= ? AND slice <= ?" + horizon + " ORDER BY position LIMIT ?";
		this.headSql = (this.context.sql() instanceof PositionLockDialect dialect)
				? dialect.stateHeadStatement(this.context.tables())
				: "SELECT COALESCE(MAX(position), 0) FROM " + table + " WHERE 1 = 1" + horizon;
		this.writer = StateWriter.start(this.context);
	}

	@Override
	public @Nullable DurableStateRecord get(String persistenceId) {
		Checks.wellFormed("persistence id", persistenceId);
		SqlDialect sql = this.context.sql();
		List<DurableStateRecord> states = StoreContext.call("reading the state of '" + persistenceId + "'",
				() -> this.context.jdbc()
					.sql("SELECT " + COLUMNS + " FROM " + this.context.tables().durableState()
							+ " WHERE persistence_id = ?")
					.param(persistenceId)
					.query((rs, row) -> new DurableStateRecord(rs.getString(1), rs.getString(3), rs.getLong(2),
							rs.getInt(4), rs.getString(5), rs.getBytes(6), sql.instant(rs, 8), rs.getString(7)))
					.list());
		return states.isEmpty() ? null : states.get(0);
	}

	/**
	 * Writes a state: validates it, queues it for the writer thread and waits until the
	 * writer answered (the wait cannot be cut short once the write is queued: an
	 * interrupt is kept and the flag set again on return). The writer writes it in a
	 * transaction with the states of other entities: a failure before that transaction's
	 * commit rolls it back (nothing written), a failure of the commit call leaves the
	 * outcome unknown. On PostgreSQL the transaction is one statement in auto-commit
	 * mode: a failure is "not written" when no connection was had or the database refused
	 * the statement, and unknown when the connection failed while it ran (see
	 * {@link WriteFailures}).
	 * @param state the new state
	 * @throws RevisionConflictException when the stored revision is not
	 * {@code state.revision() - 1}
	 * @throws StoreOutcomeUnknownException when the state may or may not have been
	 * written
	 * @throws StoreException when nothing was written (the store is closed, the caller
	 * was interrupted while the writer's queue was full, the transaction failed before
	 * its commit)
	 * @throws IllegalArgumentException when the state does not fit the store; nothing was
	 * written
	 */
	@Override
	public void upsert(DurableStateRecord state) {
		Checks.identifier("persistence id", state.persistenceId());
		Checks.identifier("entity type", state.entityType());
		Checks.identifier("state type", state.stateType());
		Checks.optionalIdentifier("key id", state.keyId());
		Checks.slice(state.slice());
		Checks.size("payload of the state of '" + state.persistenceId() + "'", state.payload().length,
				this.context.options().maxPayloadSize());
		this.writer.submit(new StateWriteRequest(state));
	}

	/**
	 * Restores a state at its revision in two steps: the insert of revision {@code 1}
	 * through the writer (which gives it its change-feed position), then an
	 * {@code UPDATE} of the revision. A restore interrupted between them is finished by
	 * the next one (see {@link DurableStateStore#restore}).
	 */
	@Override
	public void restore(DurableStateRecord state) {
		DurableStateRecord stored = get(state.persistenceId());
		if (stored == null) {
			upsert(new DurableStateRecord(state.persistenceId(), state.entityType(), 1, state.slice(),
					state.stateType(), state.payload(), state.writeTime(), state.keyId()));
		}
		else if (stored.revision() != 1 || !stored.stateType().equals(state.stateType())
				|| !Arrays.equals(stored.payload(), state.payload())
				|| !Objects.equals(stored.keyId(), state.keyId())) {
			throw new RevisionConflictException(state.persistenceId(), 0);
		}
		if (state.revision() > 1) {
			StoreContext.run("restoring the revision of '" + state.persistenceId() + "'", () -> this.context.jdbc()
				.sql("UPDATE " + this.context.tables().durableState()
						+ " SET revision = ?, write_time = ? WHERE persistence_id = ? AND revision = 1")
				.params(state.revision(), this.context.sql().timestamp(state.writeTime()), state.persistenceId())
				.update());
		}
	}

	@Override
	public void delete(String persistenceId) {
		Checks.wellFormed("persistence id", persistenceId);
		StoreContext.run("deleting the state of '" + persistenceId + "'",
				() -> this.context.jdbc()
					.sql("DELETE FROM " + this.context.tables().durableState() + " WHERE persistence_id = ?")
					.param(persistenceId)
					.update());
	}

	@Override
	public List<DurableStateChange> changesAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		SqlDialect sql = this.context.sql();
		return StoreContext.call("reading durable-state changes after position " + afterPosition,
				() -> this.context.jdbc()
					.sql(this.changesSql)
					.params(afterPosition, minSlice, maxSlice, limit)
					.query((rs, row) -> new DurableStateChange(rs.getLong(9),
							new DurableStateRecord(rs.getString(1), rs.getString(3), rs.getLong(2), rs.getInt(4),
									rs.getString(5), rs.getBytes(6), sql.instant(rs, 8), rs.getString(7))))
					.list());
	}

	/**
	 * Returns the head of the change feed. On MariaDB, MySQL and H2 it is the last
	 * position allocated by a committed write (the counter row), which may be the
	 * position of a state deleted since; {@link #changesAfter} never returns a position
	 * above it, and nothing at or below it can appear later.
	 * @return the head position, {@code 0} when nothing was written
	 */
	@Override
	public long changesHeadPosition() {
		List<Long> head = StoreContext.call("reading the durable-state change feed's head position",
				() -> this.context.jdbc().sql(this.headSql).query(Long.class).list());
		return (head.isEmpty() || head.get(0) == null) ? 0 : head.get(0);
	}

	/**
	 * Writes what is queued, then stops the writer thread; writes after closing fail with
	 * a {@link StoreException}.
	 */
	@Override
	public void close() {
		this.writer.close();
	}

	/**
	 * @return the number of committed transactions with state writes (for tests)
	 */
	long committedTransactions() {
		return this.writer.transactions();
	}

	/**
	 * @return the number of states written (for tests)
	 */
	long writtenStates() {
		return this.writer.written();
	}

	/**
	 * @return the number of batches written again after a lost race or a rollback by the
	 * database (for tests)
	 */
	long retriedBatches() {
		return this.writer.retries();
	}

	/**
	 * @return the number of writes queued or being written (for tests)
	 */
	int pendingWrites() {
		return this.writer.pending();
	}

	/**
	 * @return the number of writes queued, not yet taken by the writer (for tests)
	 */
	int queuedWrites() {
		return this.writer.queued();
	}

	/**
	 * @return the statement of {@link #changesHeadPosition()} (for tests of its plan)
	 */
	String headStatement() {
		return this.headSql;
	}

}
