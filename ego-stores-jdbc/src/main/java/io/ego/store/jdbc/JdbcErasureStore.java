package io.ego.store.jdbc;

import java.util.List;

import javax.sql.DataSource;

import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ErasureStore} on JDBC: one marker row per erased entity, saved with an
 * upsert.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcErasureStore implements ErasureStore {

	private final StoreContext context;

	private final String upsert;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcErasureStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcErasureStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.erasureMarker()));
		this.upsert = this.context.sql()
			.upsert(this.context.tables().erasureMarker(), List.of("persistence_id"),
					List.of("entity_type", "erased_to_seq_nr", "erased_at"));
	}

	@Override
	public void save(ErasureMarker marker) {
		Checks.identifier("persistence id", marker.persistenceId());
		Checks.identifier("entity type", marker.entityType());
		SqlDialect sql = this.context.sql();
		StoreContext.run("saving the erasure marker of '" + marker.persistenceId() + "'",
				() -> this.context.jdbcTemplate().update(this.upsert, (ps) -> {
					ps.setString(1, marker.persistenceId());
					ps.setString(2, marker.entityType());
					ps.setLong(3, marker.erasedToSequenceNr());
					ps.setObject(4, sql.timestamp(marker.erasedAt()));
				}));
	}

	@Override
	public @Nullable ErasureMarker get(String persistenceId) {
		Checks.wellFormed("persistence id", persistenceId);
		SqlDialect sql = this.context.sql();
		List<ErasureMarker> markers = StoreContext.call("reading the erasure marker of '" + persistenceId + "'",
				() -> this.context.jdbc()
					.sql("SELECT persistence_id, entity_type, erased_to_seq_nr, erased_at FROM "
							+ this.context.tables().erasureMarker() + " WHERE persistence_id = ?")
					.param(persistenceId)
					.query((rs, row) -> new ErasureMarker(rs.getString(1), rs.getString(2), rs.getLong(3),
							sql.instant(rs, 4)))
					.list());
		return markers.isEmpty() ? null : markers.get(0);
	}

	@Override
	public List<ErasureMarker> markersAfter(String afterPersistenceId, int limit) {
		Checks.wellFormed("persistence id", afterPersistenceId);
		Checks.positive("limit", limit);
		SqlDialect sql = this.context.sql();
		return StoreContext.call("listing erasure markers after '" + afterPersistenceId + "'", () -> this.context.jdbc()
			.sql("SELECT persistence_id, entity_type, erased_to_seq_nr, erased_at FROM "
					+ this.context.tables().erasureMarker()
					+ " WHERE persistence_id > ? ORDER BY persistence_id LIMIT ?")
			.params(afterPersistenceId, limit)
			.query((rs, row) -> new ErasureMarker(rs.getString(1), rs.getString(2), rs.getLong(3), sql.instant(rs, 4)))
			.list());
	}

}
