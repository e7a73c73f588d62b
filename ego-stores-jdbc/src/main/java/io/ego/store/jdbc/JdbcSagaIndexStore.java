package io.ego.store.jdbc;

import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.ego.core.store.SagaIndexEntry;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;

/**
 * A {@link SagaIndexStore} on JDBC: one row per saga instance in {@code saga_index},
 * keyed by (saga, id), with an index on (saga, status, id) for counting and paging.
 * <p>
 * An {@link #update} is an {@code UPDATE} guarded by the sequence number, then, when no
 * row exists, an {@code INSERT}; an insert that loses a race with another is retried as
 * the guarded update, so the row always ends with the highest sequence number offered, on
 * every database alike. Times are kept to the microsecond; statements join a Spring
 * transaction open on the same data source.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class JdbcSagaIndexStore implements SagaIndexStore {

	private final StoreContext context;

	private final String table;

	private final RowMapper<SagaIndexEntry> mapper;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcSagaIndexStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcSagaIndexStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.sagaIndex()));
		this.table = this.context.tables().sagaIndex();
		SqlDialect sql = this.context.sql();
		this.mapper = (rs, row) -> new SagaIndexEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
				sql.instant(rs, 5), rs.getString(6));
	}

	@Override
	public void update(SagaIndexEntry entry) {
		Checks.identifier("saga", entry.saga());
		Checks.identifier("saga id", entry.sagaId());
		Object at = this.context.sql().timestamp(entry.updatedAt().truncatedTo(ChronoUnit.MICROS));
		StoreContext.run("recording saga '" + entry.saga() + "' instance '" + entry.sagaId() + "' as " + entry.status(),
				() -> {
					if (guardedUpdate(entry, at) > 0) {
						return;
					}
					try {
						this.context.jdbc()
							.sql("INSERT INTO " + this.table
									+ " (saga_name, saga_id, status, seq_nr, updated_at, reason) VALUES (?, ?, ?, ?, ?, ?)")
							.params(entry.saga(), entry.sagaId(), entry.status(), entry.sequenceNr(), at,
									entry.reason())
							.update();
					}
					catch (DuplicateKeyException ex) {
						// a row exists: of a later status (nothing to do) or of an
						// earlier one
						// written meanwhile
						guardedUpdate(entry, at);
					}
				});
	}

	private int guardedUpdate(SagaIndexEntry entry, Object at) {
		return this.context.jdbc()
			.sql("UPDATE " + this.table + " SET status = ?, seq_nr = ?, updated_at = ?, reason = ?"
					+ " WHERE saga_name = ? AND saga_id = ? AND seq_nr < ?")
			.params(entry.status(), entry.sequenceNr(), at, entry.reason(), entry.saga(), entry.sagaId(),
					entry.sequenceNr())
			.update();
	}

	@Override
	public Map<String, Long> counts(String saga) {
		Checks.wellFormed("saga", saga);
		Map<String, Long> counts = new HashMap<>();
		StoreContext.run("counting the instances of saga '" + saga + "'",
				() -> this.context.jdbc()
					.sql("SELECT status, COUNT(*) FROM " + this.table + " WHERE saga_name = ? GROUP BY status")
					.param(saga)
					.query((rs) -> {
						counts.put(rs.getString(1), rs.getLong(2));
					}));
		return counts;
	}

	@Override
	public List<SagaIndexEntry> list(String saga, String status, @Nullable String afterId, int limit) {
		Checks.wellFormed("saga", saga);
		Checks.positive("limit", limit);
		String columns = "saga_name, saga_id, status, seq_nr, updated_at, reason";
		return StoreContext.call("listing the " + status + " instances of saga '" + saga + "'",
				() -> (afterId == null)
						? this.context.jdbc()
							.sql("SELECT " + columns + " FROM " + this.table
									+ " WHERE saga_name = ? AND status = ? ORDER BY saga_id LIMIT ?")
							.params(saga, status, limit)
							.query(this.mapper)
							.list()
						: this.context.jdbc()
							.sql("SELECT " + columns + " FROM " + this.table
									+ " WHERE saga_name = ? AND status = ? AND saga_id > ? ORDER BY saga_id LIMIT ?")
							.params(saga, status, afterId, limit)
							.query(this.mapper)
							.list());
	}

}
