package io.ego.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.RevisionConflictException;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * A {@link DurableStateStore} on JDBC with optimistic revision checks: revision 1 is an {@code INSERT} (a duplicate
 * key means another writer was first), later revisions an {@code UPDATE ... WHERE revision = expected} that must
 * hit one row.
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
		this.insertSql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
		this.updateSql = "UPDATE " + table + " SET revision = ?, entity_type = ?, slice = ?, state_type = ?, "
				+ "payload = ?, key_id = ?, write_time = ? WHERE persistence_id = ? AND revision = ?";
	}

	@Override
	public @Nullable DurableStateRecord get(String persistenceId) {
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

	@Override
	public void upsert(DurableStateRecord state) {
		Checks.identifier("persistence id", state.persistenceId());
		Checks.identifier("entity type", state.entityType());
		Checks.identifier("state type", state.stateType());
		Checks.optionalIdentifier("key id", state.keyId());
		Checks.slice(state.slice());
		Checks.size("payload of the state of '" + state.persistenceId() + "'", state.payload().length,
				this.context.options().maxPayloadSize());
		String id = state.persistenceId();
		long expected = state.revision() - 1;
		int rows;
		try {
			rows = StoreContext.call("writing the state of '" + id + "'", () -> (expected == 0)
					? this.context.jdbcTemplate().update(this.insertSql, (ps) -> bindInsert(ps, state))
					: this.context.jdbcTemplate().update(this.updateSql, (ps) -> bindUpdate(ps, state)));
		}
		catch (StoreException ex) {
			if (ex.getCause() instanceof DataIntegrityViolationException violation
					&& violation.getMostSpecificCause() instanceof SQLException sql && SqlDialect.isDuplicateKey(sql)) {
				throw new RevisionConflictException(id, expected);
			}
			throw ex;
		}
		if (rows != 1) {
			throw new RevisionConflictException(id, expected);
		}
	}

	@Override
	public void delete(String persistenceId) {
		StoreContext.run("deleting the state of '" + persistenceId + "'", () -> this.context.jdbc()
			.sql("DELETE FROM " + this.context.tables().durableState() + " WHERE persistence_id = ?")
			.param(persistenceId)
			.update());
	}

	private void bindInsert(PreparedStatement ps, DurableStateRecord state) throws SQLException {
		ps.setString(1, state.persistenceId());
		ps.setLong(2, state.revision());
		bindState(ps, 3, state);
	}

	private void bindUpdate(PreparedStatement ps, DurableStateRecord state) throws SQLException {
		ps.setLong(1, state.revision());
		bindState(ps, 2, state);
		ps.setString(8, state.persistenceId());
		ps.setLong(9, state.revision() - 1);
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
