package io.ego.store.jdbc;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Updates are upserts that keep the status of the higher sequence number ({@code ON
 * CONFLICT ... WHERE} on PostgreSQL, {@code ON DUPLICATE KEY UPDATE} with {@code IF} on
 * MariaDB/MySQL, {@code MERGE ... WHEN MATCHED AND} on H2), a batch of them in one round
 * trip, so the row always ends with the highest sequence number offered whatever the
 * order. Times are kept to the microsecond; statements join a Spring transaction open on
 * the same data source.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class JdbcSagaIndexStore implements SagaIndexStore {

	private final StoreContext context;

	private final String table;

	private final RowMapper<SagaIndexEntry> mapper;

	private final String upsert;

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
		this.upsert = upsert(this.context.dialect(), this.table);
		SqlDialect sql = this.context.sql();
		this.mapper = (rs, row) -> new SagaIndexEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
				sql.instant(rs, 5), rs.getString(6));
	}

	@Override
	public void update(SagaIndexEntry entry) {
		updateAll(List.of(entry));
	}

	/**
	 * Upserts the entries in one JDBC batch, sorted by key so that two batches never lock
	 * rows in opposite orders; a row keeps the status of the higher sequence number.
	 */
	@Override
	public void updateAll(List<SagaIndexEntry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		for (SagaIndexEntry entry : entries) {
			Checks.identifier("saga", entry.saga());
			Checks.identifier("saga id", entry.sagaId());
		}
		List<SagaIndexEntry> sorted = new ArrayList<>(entries);
		sorted.sort(Comparator.comparing(SagaIndexEntry::saga).thenComparing(SagaIndexEntry::sagaId));
		SqlDialect sql = this.context.sql();
		List<Object[]> rows = new ArrayList<>(sorted.size());
		for (SagaIndexEntry entry : sorted) {
			rows.add(new Object[] { entry.saga(), entry.sagaId(), entry.status(), entry.sequenceNr(),
					sql.timestamp(entry.updatedAt().truncatedTo(ChronoUnit.MICROS)), entry.reason() });
		}
		SagaIndexEntry first = sorted.get(0);
		StoreContext.run((sorted.size() == 1)
				? "recording saga '" + first.saga() + "' instance '" + first.sagaId() + "' as " + first.status()
				: "recording the status of " + sorted.size() + " saga instance(s)", () -> upsert(rows));
	}

	/**
	 * Runs the batch of upserts. H2's {@code MERGE ... USING} is not atomic: two racing
	 * for one new instance can both find it missing, and the second insert then violates
	 * the key; run again, it finds the row and keeps the higher sequence number. The
	 * upserts of PostgreSQL and MariaDB/MySQL are atomic and never see this.
	 */
	private void upsert(List<Object[]> rows) {
		for (int attempt = 1;; attempt++) {
			try {
				this.context.transactions()
					.executeWithoutResult((status) -> this.context.jdbcTemplate().batchUpdate(this.upsert, rows));
				return;
			}
			catch (DuplicateKeyException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	/**
	 * The upsert keeping the status of the higher sequence number, per database: its
	 * parameters are saga, id, status, sequence number, time, reason.
	 */
	private static String upsert(JdbcDialect dialect, String table) {
		String columns = "saga_name, saga_id, status, seq_nr, updated_at, reason";
		return switch (dialect) {
			case POSTGRESQL -> "INSERT INTO " + table + " AS t (" + columns + ") VALUES (?, ?, ?, ?, ?, ?)"
					+ " ON CONFLICT (saga_name, saga_id) DO UPDATE SET status = EXCLUDED.status,"
					+ " seq_nr = EXCLUDED.seq_nr, updated_at = EXCLUDED.updated_at, reason = EXCLUDED.reason"
					+ " WHERE t.seq_nr < EXCLUDED.seq_nr";
			// the assignments run left to right: seq_nr, which the others compare with,
			// last
			case MARIADB,
					MYSQL ->
				"INSERT INTO " + table + " (" + columns + ") VALUES (?, ?, ?, ?, ?, ?)"
						+ " ON DUPLICATE KEY UPDATE status = IF(VALUES(seq_nr) > seq_nr, VALUES(status), status),"
						+ " updated_at = IF(VALUES(seq_nr) > seq_nr, VALUES(updated_at), updated_at),"
						+ " reason = IF(VALUES(seq_nr) > seq_nr, VALUES(reason), reason),"
						+ " seq_nr = GREATEST(seq_nr, VALUES(seq_nr))";
			case H2 -> "MERGE INTO " + table + " t USING (VALUES (CAST(? AS VARCHAR(510)), CAST(? AS VARCHAR(510)),"
					+ " CAST(? AS VARCHAR(16)), CAST(? AS BIGINT), CAST(? AS TIMESTAMP(6) WITH TIME ZONE),"
					+ " CAST(? AS VARCHAR(1000)))) s(" + columns + ")"
					+ " ON t.saga_name = s.saga_name AND t.saga_id = s.saga_id"
					+ " WHEN MATCHED AND t.seq_nr < s.seq_nr THEN UPDATE SET status = s.status, seq_nr = s.seq_nr,"
					+ " updated_at = s.updated_at, reason = s.reason" + " WHEN NOT MATCHED THEN INSERT (" + columns
					+ ") VALUES (s.saga_name, s.saga_id, s.status," + " s.seq_nr, s.updated_at, s.reason)";
		};
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
