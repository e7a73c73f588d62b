package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.RevisionConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;

/**
 * A {@link DurableStateStore} on JDBC with optimistic revision checks: revision 1 is an {@code INSERT} (a duplicate
 * key means another writer was first), later revisions an {@code UPDATE ... WHERE revision = expected} that must
 * hit one row.
 * <p>
 * <b>Change feed</b> ({@link #changesAfter}, {@link #changesHeadPosition()}, schema version 3): every write gives the
 * state a new position, gap-free as the journal's (see the module's README): on PostgreSQL from
 * {@code allocate_positions} (the journal's sequence) with the writing transaction's id, read below the snapshot
 * horizon; on MariaDB, MySQL and H2 from the counter row {@code id = 2} of {@code journal_position}, locked until
 * the write commits.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcDurableStateStore implements DurableStateStore {

	private static final String COLUMNS = "persistence_id, revision, entity_type, slice, state_type, payload, key_id, "
			+ "write_time";

	private final StoreContext context;

	private final String insertSql;

	private final String updateSql;

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
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcDurableStateStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.durableState()));
		String table = this.context.tables().durableState();
		String horizon = this.context.sql().horizonCondition();
		if (this.context.sql() instanceof PostgresDialect) {
			// one statement: allocate_positions assigns the transaction id and the position before the row is written
			String allocated = "WITH allocated AS MATERIALIZED (SELECT " + this.context.tables().prefix()
					+ "allocate_positions(1) AS position) ";
			this.insertSql = allocated + "INSERT INTO " + table + " (" + COLUMNS + ", position) "
					+ "SELECT ?, ?, ?, ?, ?, ?, ?, ?, a.position FROM allocated a";
			this.updateSql = allocated + "UPDATE " + table + " SET revision = ?, entity_type = ?, slice = ?, "
					+ "state_type = ?, payload = ?, key_id = ?, write_time = ?, position = a.position, "
					+ "tx_id = pg_current_xact_id() FROM allocated a WHERE persistence_id = ? AND revision = ?";
		}
		else {
			// the position is allocated first in the same transaction: see upsertLocked
			this.insertSql = "INSERT INTO " + table + " (" + COLUMNS + ", position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
			this.updateSql = "UPDATE " + table + " SET revision = ?, entity_type = ?, slice = ?, state_type = ?, "
					+ "payload = ?, key_id = ?, write_time = ?, position = ? WHERE persistence_id = ? AND revision = ?";
		}
		this.changesSql = "SELECT " + COLUMNS + ", position FROM " + table
				+ " WHERE position > ? AND slice >= ? AND slice <= ?" + horizon + " ORDER BY position LIMIT ?";
		this.headSql = "SELECT COALESCE(MAX(position), 0) FROM " + table + " WHERE 1 = 1" + horizon;
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
	 * Writes a state. On MariaDB, MySQL and H2 the write is a transaction of its own: a failure before its commit
	 * rolls it back (nothing written), a failure of the commit call leaves the outcome unknown. On PostgreSQL it is one
	 * statement in auto-commit mode, its own commit: a failure is "not written" when no connection was had or the
	 * database refused the statement, and unknown when the connection failed while it ran (see {@link WriteFailures}).
	 * @param state the new state
	 * @throws RevisionConflictException when the stored revision is not {@code state.revision() - 1}
	 * @throws StoreOutcomeUnknownException when the state may or may not have been written
	 * @throws StoreException when nothing was written
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
		int rows = (this.context.sql() instanceof PositionLockDialect dialect) ? upsertLocked(dialect, state)
				: upsertAutoCommit(state);
		if (rows != 1) {
			throw new RevisionConflictException(state.persistenceId(), state.revision() - 1);
		}
	}

	@Override
	public void delete(String persistenceId) {
		Checks.wellFormed("persistence id", persistenceId);
		StoreContext.run("deleting the state of '" + persistenceId + "'", () -> this.context.jdbc()
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

	@Override
	public long changesHeadPosition() {
		Long head = StoreContext.call("reading the durable-state change feed's head position",
				() -> this.context.jdbc().sql(this.headSql).query(Long.class).single());
		return (head != null) ? head : 0;
	}

	/**
	 * Writes a state with one statement that allocates its position (PostgreSQL), in auto-commit mode or in the
	 * caller's Spring transaction.
	 */
	private int upsertAutoCommit(DurableStateRecord state) {
		try {
			return (state.revision() == 1)
					? this.context.jdbcTemplate().update(this.insertSql, (ps) -> bindInsert(ps, state))
					: this.context.jdbcTemplate().update(this.updateSql, (ps) -> bindUpdate(ps, state));
		}
		catch (RuntimeException | Error ex) {
			if (WriteFailures.outcomeUnknown(ex)) {
				throw outcomeUnknown(state, ex);
			}
			throw notWritten(state, ex);
		}
	}

	/**
	 * Writes a state on a database whose positions come from a counter row: allocates the position (taking the row
	 * lock, held until commit, so positions become visible in commit order), then inserts or updates, in one
	 * transaction of its own.
	 */
	private int upsertLocked(PositionLockDialect dialect, DurableStateRecord state) {
		Connection connection;
		try {
			connection = this.context.dataSource().getConnection();
		}
		catch (SQLException | RuntimeException ex) {
			throw notWritten(state, ex);
		}
		boolean ended = false;
		try {
			int rows;
			try {
				connection.setAutoCommit(false);
				long position = dialect.allocate(connection, this.context.tables(), PositionLockDialect.STATE_COUNTER, 1);
				boolean insert = state.revision() == 1;
				try (PreparedStatement ps = connection.prepareStatement(insert ? this.insertSql : this.updateSql)) {
					if (insert) {
						bindInsert(ps, state);
						ps.setLong(9, position);
					}
					else {
						bindUpdate(ps, state);
						ps.setLong(8, position);
						ps.setString(9, state.persistenceId());
						ps.setLong(10, state.revision() - 1);
					}
					rows = ps.executeUpdate();
				}
				if (rows != 1) {
					connection.rollback();
					ended = true;
					return rows;
				}
			}
			catch (SQLException | RuntimeException | Error ex) {
				// roll back explicitly: closing a connection in a transaction may also commit it
				ended = rollback(connection);
				throw notWritten(state, ex);
			}
			try {
				connection.commit();
				ended = true;
				return rows;
			}
			catch (SQLException | RuntimeException | Error ex) {
				ended = rollback(connection);
				throw outcomeUnknown(state, ex);
			}
		}
		finally {
			WriteFailures.release(connection, ended, "durable-state");
		}
	}

	private static boolean rollback(Connection connection) {
		try {
			connection.rollback();
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	private static StoreException notWritten(DurableStateRecord state, Throwable failure) {
		SQLException sql = WriteFailures.sqlException(failure);
		if (sql != null && SqlDialect.isDuplicateKey(sql)) {
			RevisionConflictException conflict = new RevisionConflictException(state.persistenceId(),
					state.revision() - 1);
			conflict.initCause(failure);
			return conflict;
		}
		return new StoreException("writing the state of '" + state.persistenceId() + "' failed: " + message(failure),
				failure);
	}

	private static StoreOutcomeUnknownException outcomeUnknown(DurableStateRecord state, Throwable failure) {
		return new StoreOutcomeUnknownException("writing the state of '" + state.persistenceId()
				+ "' failed; it may or may not have been written: " + message(failure), failure);
	}

	private static String message(Throwable failure) {
		Throwable specific = (failure instanceof DataAccessException access) ? access.getMostSpecificCause() : failure;
		return String.valueOf(specific.getMessage());
	}

	private void bindInsert(PreparedStatement ps, DurableStateRecord state) throws SQLException {
		ps.setString(1, state.persistenceId());
		ps.setLong(2, state.revision());
		bindState(ps, 3, state);
	}

	private void bindUpdate(PreparedStatement ps, DurableStateRecord state) throws SQLException {
		ps.setLong(1, state.revision());
		bindState(ps, 2, state);
		if (this.context.sql() instanceof PostgresDialect) {
			ps.setString(8, state.persistenceId());
			ps.setLong(9, state.revision() - 1);
		}
	}

	private void bindState(PreparedStatement ps, int first, DurableStateRecord state) throws SQLException {
		ps.setString(first, state.entityType());
		ps.setInt(first + 1, state.slice());
		ps.setString(first + 2, state.stateType());
		ps.setBytes(first + 3, state.payload());
		ps.setString(first + 4, state.keyId());
		ps.setObject(first + 5, this.context.sql().timestamp(state.writeTime()));
	}

}
