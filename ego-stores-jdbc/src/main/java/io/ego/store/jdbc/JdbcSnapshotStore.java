package io.ego.store.jdbc;

import java.util.List;

import javax.sql.DataSource;

import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SnapshotStore} on JDBC: one row per (persistence id, sequence number), saved
 * with an upsert.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcSnapshotStore implements SnapshotStore {

	private final StoreContext context;

	private final String upsert;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcSnapshotStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcSnapshotStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.snapshot()));
		this.upsert = this.context.sql()
			.upsert(this.context.tables().snapshot(), SnapshotRows.KEY_COLUMNS, SnapshotRows.VALUE_COLUMNS);
	}

	@Override
	public void save(SnapshotRecord snapshot) {
		Checks.identifier("persistence id", snapshot.persistenceId());
		Checks.identifier("entity type", snapshot.entityType());
		Checks.identifier("state type", snapshot.stateType());
		Checks.optionalIdentifier("key id", snapshot.keyId());
		Checks.size("payload of the snapshot of '" + snapshot.persistenceId() + "'", snapshot.payload().length,
				this.context.options().maxPayloadSize());
		SqlDialect sql = this.context.sql();
		StoreContext.run("saving the snapshot of '" + snapshot.persistenceId() + "'",
				() -> this.context.jdbcTemplate().update(this.upsert, (ps) -> SnapshotRows.bind(ps, sql, snapshot)));
	}

	@Override
	public @Nullable SnapshotRecord latest(String persistenceId) {
		Checks.wellFormed("persistence id", persistenceId);
		List<SnapshotRecord> latest = StoreContext.call("reading the snapshot of '" + persistenceId + "'",
				() -> this.context.jdbc()
					.sql("SELECT " + SnapshotRows.COLUMNS + " FROM " + this.context.tables().snapshot()
							+ " WHERE persistence_id = ? ORDER BY seq_nr DESC LIMIT 1")
					.param(persistenceId)
					.query(SnapshotRows.mapper(this.context.sql()))
					.list());
		return latest.isEmpty() ? null : latest.get(0);
	}

	@Override
	public void deleteUpTo(String persistenceId, long toSequenceNr) {
		Checks.wellFormed("persistence id", persistenceId);
		StoreContext.run("deleting snapshots of '" + persistenceId + "'", () -> this.context.jdbc()
			.sql("DELETE FROM " + this.context.tables().snapshot() + " WHERE persistence_id = ? AND seq_nr <= ?")
			.params(persistenceId, toSequenceNr)
			.update());
	}

	@Override
	public List<SnapshotRecord> snapshotsAfter(String afterPersistenceId, long afterSequenceNr, int limit) {
		Checks.wellFormed("persistence id", afterPersistenceId);
		Checks.positive("limit", limit);
		return StoreContext.call("listing snapshots after '" + afterPersistenceId + "'",
				() -> this.context.jdbc()
					.sql("SELECT " + SnapshotRows.COLUMNS + " FROM " + this.context.tables().snapshot()
							+ " WHERE persistence_id > ? OR (persistence_id = ? AND seq_nr > ?)"
							+ " ORDER BY persistence_id, seq_nr LIMIT ?")
					.params(afterPersistenceId, afterPersistenceId, afterSequenceNr, limit)
					.query(SnapshotRows.mapper(this.context.sql()))
					.list());
	}

}
