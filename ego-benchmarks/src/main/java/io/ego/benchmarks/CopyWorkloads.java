package io.ego.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.ego.core.store.PersistedEvent;
import io.ego.migration.CopyReport;
import io.ego.migration.MigrationStores;
import io.ego.migration.StoreCopy;
import io.ego.migration.jdbc.JdbcMigrationStores;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.ego.store.jdbc.JdbcStoreOptions.InitializeSchema;

/**
 * The migration workloads (issue 19): copying 100,000 events of 1,000 entities (written
 * in interleaved runs of 10) from one database to another with {@link StoreCopy}, beside
 * the target's batch100 insert floor measured in the same run. Each run uses fresh tables
 * (its own schema on PostgreSQL, its own database on MariaDB, an in-memory H2 database),
 * dropped afterwards.
 *
 * @author eGo team
 */
final class CopyWorkloads {

	static final int ENTITIES = 1_000;

	static final int EVENTS_PER_ENTITY = 100;

	static final int RUN = 10;

	/**
	 * Entities appended at once ({@code -Dcopy.parallelism}, 8 by default as in
	 * StoreCopy).
	 */
	static final int PARALLELISM = Integer.getInteger("copy.parallelism", 8);

	private CopyWorkloads() {
	}

	/**
	 * Copies from H2 (in memory) to PostgreSQL.
	 * @param postgresUrl the PostgreSQL server's database
	 * @return the RUN line
	 * @throws Exception when a database fails
	 */
	static String h2ToPostgres(String postgresUrl) throws Exception {
		try (Target source = Target.h2(); Target target = Target.postgres(postgresUrl)) {
			return copy("copy-h2-postgresql", source, target);
		}
	}

	/**
	 * Copies from PostgreSQL to MariaDB.
	 * @param postgresUrl the PostgreSQL server's database
	 * @param mariadbUrl the MariaDB server's database
	 * @return the RUN line
	 * @throws Exception when a database fails
	 */
	static String postgresToMariaDb(String postgresUrl, String mariadbUrl) throws Exception {
		try (Target source = Target.postgres(postgresUrl); Target target = Target.mariadb(mariadbUrl)) {
			return copy("copy-postgresql-mariadb", source, target);
		}
	}

	/**
	 * The batch100 insert floor of a database: 20,000 rows in batches of 100, a commit
	 * after each.
	 * @param name the workload's name
	 * @param target where
	 * @return the RUN line
	 * @throws SQLException when the database fails
	 */
	static String batchFloor(String name, Target target) throws SQLException {
		Database.execute(target.pool, "CREATE TABLE floor_event (stream_id VARCHAR(64) NOT NULL, seq BIGINT NOT NULL, "
				+ "payload " + target.blobType + " NOT NULL, PRIMARY KEY (stream_id, seq))");
		try (Connection connection = target.pool.getConnection()) {
			connection.setAutoCommit(false);
			long start = System.nanoTime();
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO floor_event(stream_id, seq, payload) VALUES (?, ?, ?)")) {
				for (int row = 0; row < 20_000; row++) {
					insert.setString(1, "stream-" + (row % 1000));
					insert.setLong(2, row / 1000 + 1);
					insert.setBytes(3, new byte[40]);
					insert.addBatch();
					if (row % 100 == 99) {
						insert.executeBatch();
						connection.commit();
					}
				}
			}
			double perSecond = 20_000 / ((System.nanoTime() - start) / 1e9);
			return String.format(Locale.ROOT, "RUN framework=jdbc-floor workload=%s ops_per_s=%.0f valid=true jdk=%s",
					name, perSecond, Runtime.version());
		}
	}

	static String postgresFloor(String postgresUrl) throws Exception {
		try (Target target = Target.postgres(postgresUrl)) {
			return batchFloor("batch100-floor-postgresql", target);
		}
	}

	static String mariadbFloor(String mariadbUrl) throws Exception {
		try (Target target = Target.mariadb(mariadbUrl)) {
			return batchFloor("batch100-floor-mariadb", target);
		}
	}

	private static String copy(String name, Target source, Target target) throws SQLException {
		CopyReport report;
		double seconds;
		try (JdbcMigrationStores from = source.stores(); JdbcMigrationStores to = target.stores()) {
			write(from.stores());
			if (source.pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
				// a source in production has statistics; a journal written a moment ago
				// has
				// none until autovacuum's next round, and without them PostgreSQL reads
				// each
				// page of positions with a bitmap scan and a sort of every later event
				Database.execute(source.pool, "ANALYZE");
			}
			long start = System.nanoTime();
			report = StoreCopy.between(from.stores(), to.stores()).parallelism(PARALLELISM).run();
			seconds = (System.nanoTime() - start) / 1e9;
		}
		boolean valid = report.eventsCopied() == (long) ENTITIES * EVENTS_PER_ENTITY;
		return String.format(Locale.ROOT,
				"RUN framework=ego workload=%s ops_per_s=%.0f events=%d seconds=%.2f valid=%s jdk=%s", name,
				report.eventsCopied() / seconds, report.eventsCopied(), seconds, valid, Runtime.version());
	}

	private static void write(MigrationStores stores) {
		Instant now = Instant.now();
		for (int run = 0; run < EVENTS_PER_ENTITY / RUN; run++) {
			for (int entity = 0; entity < ENTITIES; entity++) {
				String persistenceId = "account|copy-" + entity;
				List<PersistedEvent> events = new ArrayList<>(RUN);
				for (int i = 1; i <= RUN; i++) {
					events.add(new PersistedEvent(persistenceId, "account", (long) run * RUN + i, 0,
							PersistedEvent.sliceOf(persistenceId), "ego.bench.AccountCredited", new byte[40], now,
							Map.of(), null));
				}
				stores.events().append(persistenceId, (long) run * RUN, events);
			}
		}
	}

	/** A database with fresh eGo tables, dropped when closed. */
	static final class Target implements AutoCloseable {

		final HikariDataSource pool;

		final String blobType;

		private final Runnable drop;

		private Target(HikariDataSource pool, String blobType, Runnable drop) {
			this.pool = pool;
			this.blobType = blobType;
			this.drop = drop;
		}

		static Target h2() {
			return new Target(Database.pool("jdbc:h2:mem:copy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 8),
					"VARBINARY(1000)", () -> {
					});
		}

		static Target postgres(String url) throws SQLException {
			String schema = "copy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			try (HikariDataSource admin = Database.pool(url, 1)) {
				Database.execute(admin, "CREATE SCHEMA " + schema);
			}
			String scoped = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
			return new Target(Database.pool(scoped, 8), "BYTEA", () -> {
				try (HikariDataSource admin = Database.pool(url, 1)) {
					Database.execute(admin, "DROP SCHEMA " + schema + " CASCADE");
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

		static Target mariadb(String url) throws SQLException {
			String database = "copy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			try (HikariDataSource admin = Database.pool(url, 1)) {
				Database.execute(admin, "CREATE DATABASE " + database);
			}
			String server = url.substring(0, url.lastIndexOf('/') + 1);
			return new Target(Database.pool(server + database, 8), "VARBINARY(1000)", () -> {
				try (HikariDataSource admin = Database.pool(url, 1)) {
					Database.execute(admin, "DROP DATABASE " + database);
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

		JdbcMigrationStores stores() {
			return JdbcMigrationStores.open(this.pool,
					JdbcStoreOptions.defaults().withInitializeSchema(InitializeSchema.ALWAYS));
		}

		@Override
		public void close() {
			this.pool.close();
			this.drop.run();
		}

	}

}
