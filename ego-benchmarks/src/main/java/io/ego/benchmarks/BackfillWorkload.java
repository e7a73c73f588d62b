package io.ego.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import io.ego.benchmarks.domain.AccountCredited;
import io.ego.benchmarks.domain.AccountOpened;
import io.ego.core.EgoEngine;
import io.ego.core.EntitySettings;
import io.ego.core.store.PersistedEvent;
import io.ego.migration.BackfillReport;
import io.ego.migration.SnapshotBackfill;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcSnapshotStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.ego.store.jdbc.JdbcStoreOptions.InitializeSchema;

/**
 * The snapshot backfill workload (issue 19: at least 1,000 short-history entities per
 * second on PostgreSQL): 10,000 accounts of 5 events each, written without snapshots,
 * then snapshotted at their heads by {@link SnapshotBackfill} through a running engine on
 * the same tables (a fresh schema, dropped afterwards). {@code ops_per_s} is entities
 * snapshotted per second; valid when every entity was snapshotted without a failure and
 * the snapshot table holds one row per entity at sequence number 5.
 *
 * @author eGo team
 */
final class BackfillWorkload {

	static final int ENTITIES = Integer.getInteger("ego.bench.backfill.entities", 10_000);

	static final int EVENTS_PER_ENTITY = 5;

	/**
	 * Entities snapshotted at once ({@code -Dego.bench.backfill.parallelism}, 8 by
	 * default).
	 */
	static final int PARALLELISM = Integer.getInteger("ego.bench.backfill.parallelism", 8);

	private BackfillWorkload() {
	}

	/**
	 * Backfills on PostgreSQL.
	 * @param postgresUrl the PostgreSQL server's database
	 * @return the RUN line
	 * @throws Exception when the database fails
	 */
	static String postgres(String postgresUrl) throws Exception {
		try (CopyWorkloads.Target database = CopyWorkloads.Target.postgres(postgresUrl)) {
			JdbcStoreOptions options = JdbcStoreOptions.defaults().withInitializeSchema(InitializeSchema.ALWAYS);
			try (JdbcEventStore events = new JdbcEventStore(database.pool, options)) {
				JdbcSnapshotStore snapshots = new JdbcSnapshotStore(database.pool, options);
				write(events);
				try (EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.snapshotStore(snapshots)
					.eventSourced("account", new BenchAccountBehavior(),
							EntitySettings.defaults().withSnapshotInterval(1_000))
					.build()) {
					BackfillReport report = SnapshotBackfill.of(engine, events, snapshots, "account")
						.parallelism(PARALLELISM)
						.run();
					double seconds = report.took().toNanos() / 1e9;
					long rows = count(database,
							"SELECT COUNT(*) FROM ego_snapshot WHERE seq_nr = " + EVENTS_PER_ENTITY);
					boolean valid = report.snapshotted() == ENTITIES && report.failures().isEmpty() && rows == ENTITIES;
					return String.format(Locale.ROOT,
							"RUN framework=ego workload=backfill-postgresql ops_per_s=%.0f entities=%d seconds=%.2f "
									+ "parallelism=%d failures=%d snapshot_rows=%d valid=%s jdk=%s",
							report.snapshotted() / seconds, report.snapshotted(), seconds, PARALLELISM,
							report.failures().size(), rows, valid, Runtime.version());
				}
			}
		}
	}

	/** The accounts' histories, 16 entities appended at once. */
	private static void write(JdbcEventStore events) throws Exception {
		Instant now = Instant.now();
		Semaphore slots = new Semaphore(16);
		List<Future<?>> appends = new ArrayList<>(ENTITIES);
		try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int entity = 0; entity < ENTITIES; entity++) {
				String id = String.format(Locale.ROOT, "bf-%06d", entity);
				String persistenceId = "account|" + id;
				int slice = PersistedEvent.sliceOf(persistenceId);
				List<PersistedEvent> history = new ArrayList<>(EVENTS_PER_ENTITY);
				history.add(new PersistedEvent(persistenceId, "account", 1, 0, slice,
						AccountOpened.getDescriptor().getFullName(),
						AccountOpened.newBuilder().setAccountId(id).setInitialBalance(1000).build().toByteArray(), now,
						Map.of(), null));
				byte[] credit = AccountCredited.newBuilder().setAccountId(id).setAmount(1).build().toByteArray();
				for (int seq = 2; seq <= EVENTS_PER_ENTITY; seq++) {
					history.add(new PersistedEvent(persistenceId, "account", seq, 0, slice,
							AccountCredited.getDescriptor().getFullName(), credit, now, Map.of(), null));
				}
				slots.acquire();
				appends.add(writers.submit(() -> {
					try {
						events.append(persistenceId, 0, history);
					}
					finally {
						slots.release();
					}
				}));
			}
			for (Future<?> append : appends) {
				append.get();
			}
		}
	}

	private static long count(CopyWorkloads.Target database, String sql) throws SQLException {
		try (Connection connection = database.pool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
