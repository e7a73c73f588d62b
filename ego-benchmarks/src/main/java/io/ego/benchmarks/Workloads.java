package io.ego.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.AccountCredited;
import io.ego.benchmarks.domain.AccountOpened;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.OpenAccount;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EntityRef;
import io.ego.core.EntitySettings;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.PersistedEvent;
import io.ego.store.jdbc.JdbcDurableStateStore;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcSnapshotStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One workload in this JVM: 3 warm-up rounds and one measured round (W1-W4, W3-state,
 * floors), or W5's cold recovery. Prints one {@code RESULT} line.
 */
final class Workloads {

	private static final String PREFIX = "bench_";

	/** W7's H2 database: a file, in the temporary directory. */
	static final String H2_URL = "jdbc:h2:file:" + System.getProperty("java.io.tmpdir") + "/ego-bench-h2/w7";

	private static final JdbcStoreOptions OPTIONS = JdbcStoreOptions.defaults()
		.withTablePrefix(PREFIX)
		.withInitializeSchema(JdbcStoreOptions.InitializeSchema.ALWAYS);

	private final @Nullable String jdbcUrl;

	private final String mariadbUrl;

	private final @Nullable LatencyBreakdown breakdown;

	/**
	 * Creates the workloads.
	 * @param jdbcUrl the PostgreSQL database, {@code null} for the in-memory workloads
	 * only
	 * @param mariadbUrl the MariaDB database
	 */
	Workloads(@Nullable String jdbcUrl, String mariadbUrl) {
		this(jdbcUrl, mariadbUrl, false);
	}

	/**
	 * Creates the workloads.
	 * @param jdbcUrl the PostgreSQL database, {@code null} for the in-memory workloads
	 * only
	 * @param mariadbUrl the MariaDB database
	 * @param latencyBreakdown whether the journal workloads print where one command's
	 * time goes ({@link LatencyBreakdown}; meant for W4)
	 */
	Workloads(@Nullable String jdbcUrl, String mariadbUrl, boolean latencyBreakdown) {
		this.jdbcUrl = jdbcUrl;
		this.mariadbUrl = mariadbUrl;
		this.breakdown = latencyBreakdown ? new LatencyBreakdown() : null;
	}

	private String jdbcUrl() {
		if (this.jdbcUrl == null) {
			throw new IllegalArgumentException("this workload needs a PostgreSQL database: --jdbc-url URL");
		}
		return this.jdbcUrl;
	}

	String run(String workload) throws Exception {
		return switch (workload) {
			case "W1" -> closedLoop("W1", Backend.IN_MEMORY, 1, 1, 50_000);
			case "W2" -> closedLoop("W2", Backend.IN_MEMORY, 1_000, 64, 200_000);
			case "W2-observed" -> closedLoop("W2-observed", Backend.IN_MEMORY, 1_000, 64, 200_000);
			case "W2-metered" -> closedLoop("W2-metered", Backend.IN_MEMORY, 1_000, 64, 200_000);
			case "W2-timer-floor" -> closedLoop("W2-timer-floor", Backend.IN_MEMORY, 1_000, 64, 200_000);
			case "W3" -> closedLoop("W3", Backend.JOURNAL, 1_000, 64, 20_000);
			case "W3-kafka" -> ConnectorWorkload.run(jdbcUrl(), "kafka");
			case "W3-nats" -> ConnectorWorkload.run(jdbcUrl(), "nats");
			case "W3-pulsar" -> ConnectorWorkload.run(jdbcUrl(), "pulsar");
			case "W3-noop" -> ConnectorWorkload.run(jdbcUrl(), "noop");
			case "W3-saga" -> SagaWorkload.run(jdbcUrl(), Integer.getInteger("ego.bench.transfers", 5_000));
			case "W4" -> closedLoop("W4", Backend.JOURNAL, 1, 1, 2_000);
			case "W4-mariadb" -> closedLoop("W4-mariadb", Backend.JOURNAL_MARIADB, 1, 1, 2_000);
			case "W4-h2" -> closedLoop("W4-h2", Backend.JOURNAL_H2, 1, 1, 2_000);
			case "W3-state" -> closedLoop("W3-state", Backend.STATE_POSTGRESQL, 1_000, 64, 20_000);
			case "W3-state-mariadb" -> closedLoop("W3-state-mariadb", Backend.STATE_MARIADB, 1_000, 64, 20_000);
			case "W5" -> recovery();
			case "W4-floor" -> floor(workload, 1, 2_000, false);
			case "W4-floor-mariadb" -> floor(workload, this.mariadbUrl, 1, 2_000, false);
			case "W4-floor-h2" -> floor(workload, H2_URL, 1, 2_000, false);
			case "W4-floor-txn" -> floor(workload, 1, 2_000, true);
			case "W3-floor" -> floor(workload, 64, 20_000, false);
			case "W3-floor-txn" -> floor(workload, 64, 20_000, true);
			case "batch100-floor" -> batchFloor();
			case "copy-h2-postgresql" -> CopyWorkloads.h2ToPostgres(jdbcUrl());
			case "copy-postgresql-mariadb" -> CopyWorkloads.postgresToMariaDb(jdbcUrl(), this.mariadbUrl);
			case "batch100-floor-postgresql" -> CopyWorkloads.postgresFloor(jdbcUrl());
			case "batch100-floor-mariadb" -> CopyWorkloads.mariadbFloor(this.mariadbUrl);
			case "backfill-postgresql" -> BackfillWorkload.postgres(jdbcUrl());
			case "W2-router-local", "W2-member-local", "W2-cluster-local", "W2-cluster-forwarded", "W2-cluster-floor",
					"hop-local", "hop-forwarded", "hop-floor" ->
				ClusterWorkload.run(workload);
			default -> throw new IllegalArgumentException("unknown workload " + workload);
		};
	}

	/** Where a closed-loop workload keeps its entities. */
	private enum Backend {

		/** Event-sourced, in-memory stores. */
		IN_MEMORY,

		/** Event-sourced, the JDBC journal and snapshots on PostgreSQL. */
		JOURNAL,

		/** Event-sourced, the JDBC journal and snapshots on MariaDB (W7). */
		JOURNAL_MARIADB,

		/** Event-sourced, the JDBC journal and snapshots on an H2 file database (W7). */
		JOURNAL_H2,

		/** Durable state, the JDBC durable-state store on PostgreSQL. */
		STATE_POSTGRESQL,

		/** Durable state, the JDBC durable-state store on MariaDB. */
		STATE_MARIADB;

		boolean journal() {
			return this == JOURNAL || this == JOURNAL_MARIADB || this == JOURNAL_H2;
		}

	}

	private String closedLoop(String name, Backend backend, int entities, int callers, int n) throws Exception {
		ClosedLoop.Outcome outcome = null;
		for (int round = 0; round < 4; round++) {
			try (Setup setup = new Setup(backend, entities, Telemetry.of(name))) {
				LatencyBreakdown probes = this.breakdown;
				if (probes == null || !backend.journal()) {
					outcome = ClosedLoop.run(setup::credit, entities, callers, n);
					continue;
				}
				if (round == 3) {
					probes.start();
				}
				outcome = ClosedLoop.run((entity, amount) -> {
					probes.commandStarted();
					long balance = setup.credit(entity, amount);
					probes.commandEnded();
					return balance;
				}, entities, callers, n);
			}
		}
		if (this.breakdown != null && backend.journal()) {
			System.out.print(this.breakdown.report());
		}
		return result("ego", name, Objects.requireNonNull(outcome, "4 rounds ran"), n);
	}

	/** What a workload's engine records besides its work. */
	private enum Telemetry {

		/** Nothing. */
		NONE,

		/** Observations (command, persist, ...) recorded as timers, and the meters. */
		OBSERVATIONS,

		/** Commands and writes timed by meters, the other observations as timers. */
		METERS,

		/** No engine telemetry; one bare {@code Timer.record} per command. */
		TIMER_FLOOR;

		static Telemetry of(String workload) {
			return switch (workload) {
				case "W2-observed" -> OBSERVATIONS;
				case "W2-metered" -> METERS;
				case "W2-timer-floor" -> TIMER_FLOOR;
				default -> NONE;
			};
		}

	}

	/** A fresh engine (and emptied tables) with every entity opened. */
	private final class Setup implements AutoCloseable {

		private final @Nullable HikariDataSource pool;

		private final @Nullable JdbcEventStore events;

		private final @Nullable DurableStateStore states;

		private final EgoEngine engine;

		private final List<EntityRef<Account>> refs;

		private final String[] ids;

		/** {@code W2-timer-floor}'s timer, recorded around every command; else null. */
		private @Nullable Timer floorTimer;

		Setup(Backend backend, int entities, Telemetry telemetry) throws Exception {
			EgoEngineBuilder builder = EgoEngine.builder();
			if (telemetry != Telemetry.NONE) {
				// what a Boot app with Actuator has: observations recorded as timers,
				// plus the engine's meters; without a tracer, commands timed by meters
				MeterRegistry meters = new SimpleMeterRegistry();
				if (telemetry == Telemetry.TIMER_FLOOR) {
					// Micrometer's own floor: a bare Timer.record per command, no engine
					// telemetry
					this.floorTimer = Timer.builder("bench.command").tag("ego.entity.type", "account").register(meters);
				}
				else {
					ObservationRegistry observations = ObservationRegistry.create();
					observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
					builder.observationRegistry(observations)
						.meterRegistry(meters)
						.commandMeters(telemetry == Telemetry.METERS);
				}
			}
			switch (backend) {
				case JOURNAL, JOURNAL_MARIADB, JOURNAL_H2 -> {
					this.pool = Database.pool(switch (backend) {
						case JOURNAL_MARIADB -> Workloads.this.mariadbUrl;
						case JOURNAL_H2 -> H2_URL;
						default -> jdbcUrl();
					}, 16);
					LatencyBreakdown probes = Workloads.this.breakdown;
					DataSource dataSource = (probes != null) ? probes.wrap(this.pool) : this.pool;
					this.events = new JdbcEventStore(dataSource, OPTIONS);
					this.states = null;
					truncate(this.pool);
					builder.eventStore((probes != null) ? probes.wrap(this.events) : this.events)
						.snapshotStore(new JdbcSnapshotStore(dataSource, OPTIONS));
				}
				case STATE_POSTGRESQL, STATE_MARIADB -> {
					this.pool = Database
						.pool((backend == Backend.STATE_MARIADB) ? Workloads.this.mariadbUrl : jdbcUrl(), 16);
					this.events = null;
					this.states = new JdbcDurableStateStore(this.pool, OPTIONS);
					Database.execute(this.pool, "TRUNCATE TABLE " + PREFIX + "durable_state");
					builder.durableStateStore(this.states).inMemoryStores();
				}
				default -> {
					this.pool = null;
					this.events = null;
					this.states = null;
					builder.inMemoryStores();
				}
			}
			if (this.states != null) {
				builder.durableState("account", new BenchAccountStateBehavior());
			}
			else {
				builder.eventSourced("account", new BenchAccountBehavior());
			}
			this.engine = builder.build();
			this.refs = new ArrayList<>(entities);
			this.ids = new String[entities];
			for (int e = 0; e < entities; e++) {
				this.ids[e] = String.format("acc-%05d", e);
				EntityRef<Account> ref = this.engine.entity("account", this.ids[e]);
				this.refs.add(ref);
				long balance = ref
					.askAndWait(OpenAccount.newBuilder().setAccountId(this.ids[e]).setInitialBalance(1000).build())
					.state()
					.getBalance();
				if (balance != 1000) {
					throw new IllegalStateException("open " + this.ids[e] + " replied " + balance);
				}
			}
		}

		long credit(int entity, long amount) {
			Timer timer = this.floorTimer;
			long started = (timer != null) ? System.nanoTime() : 0;
			CommandReply<Account> reply = this.refs.get(entity)
				.askAndWait(CreditAccount.newBuilder().setAccountId(this.ids[entity]).setAmount(amount).build());
			if (timer != null) {
				timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			}
			return reply.state().getBalance();
		}

		@Override
		public void close() {
			this.engine.close();
			if (this.events != null) {
				this.events.close();
			}
			if (this.states instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			if (this.pool != null) {
				this.pool.close();
			}
		}

	}

	private static void truncate(DataSource dataSource) throws Exception {
		// the schema exists once a store was created with OPTIONS (initialize-schema
		// always)
		new JdbcEventStore(dataSource, OPTIONS).close();
		new JdbcSnapshotStore(dataSource, OPTIONS);
		for (String table : List.of("journal", "journal_highest", "snapshot")) {
			Database.execute(dataSource, "TRUNCATE TABLE " + PREFIX + table);
		}
	}

	private String recovery() throws Exception {
		String id = "rec-00000";
		String pid = "account|" + id;
		try (HikariDataSource pool = Database.pool(jdbcUrl(), 16)) {
			truncate(pool);
			try (JdbcEventStore events = new JdbcEventStore(pool, OPTIONS)) {
				List<PersistedEvent> batch = new ArrayList<>();
				Instant now = Instant.now();
				int slice = PersistedEvent.sliceOf(pid);
				batch.add(new PersistedEvent(pid, "account", 1, 0, slice, AccountOpened.getDescriptor().getFullName(),
						AccountOpened.newBuilder().setAccountId(id).setInitialBalance(1000).build().toByteArray(), now,
						Map.of(), null));
				byte[] credit = AccountCredited.newBuilder().setAccountId(id).setAmount(1).build().toByteArray();
				for (int seq = 2; seq <= 10_000; seq++) {
					batch.add(new PersistedEvent(pid, "account", seq, 0, slice,
							AccountCredited.getDescriptor().getFullName(), credit, now, Map.of(), null));
					if (batch.size() == 1000) {
						events.append(pid, seq - 1000, batch);
						batch.clear();
					}
				}
			}
		}
		// a fresh engine on the same tables: new pools, no caches
		try (HikariDataSource pool = Database.pool(jdbcUrl(), 16);
				JdbcEventStore events = new JdbcEventStore(pool, OPTIONS);
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.snapshotStore(new JdbcSnapshotStore(pool, OPTIONS))
					.eventSourced("account", new BenchAccountBehavior(),
							EntitySettings.defaults()
								.withReplayPageSize(Integer.getInteger("ego.bench.replay-page-size", 1000)))
					.build()) {
			engine.entity(BenchAccountBehavior.class, "probe-00000")
				.askAndWait(OpenAccount.newBuilder().setAccountId("probe-00000").setInitialBalance(1000).build());
			long start = System.nanoTime();
			CommandReply<Account> reply = engine.entity(BenchAccountBehavior.class, id)
				.askAndWait(CreditAccount.newBuilder().setAccountId(id).setAmount(1).build());
			double millis = (System.nanoTime() - start) / 1e6;
			boolean valid = reply.isAccepted() && reply.state().getBalance() == 11_000;
			return String.format(Locale.ROOT,
					"RUN framework=ego workload=W5 recovery_ms=%.1f events=10000 valid=%s jdk=%s", millis, valid,
					Runtime.version());
		}
	}

	private String floor(String name, int threads, int rows, boolean transactional) throws Exception {
		return floor(name, jdbcUrl(), threads, rows, transactional);
	}

	private String floor(String name, String url, int threads, int rows, boolean transactional) throws Exception {
		ClosedLoop.Outcome outcome = null;
		for (int round = 0; round < 4; round++) {
			try (HikariDataSource pool = Database.pool(url, 16)) {
				resetFloor(pool);
				AtomicInteger next = new AtomicInteger();
				int[] seqs = new int[1000];
				outcome = ClosedLoop.run((entity, amount) -> {
					try (Connection connection = pool.getConnection()) {
						connection.setAutoCommit(!transactional);
						int seq;
						synchronized (seqs) {
							seq = ++seqs[entity % 1000];
						}
						try (PreparedStatement insert = connection
							.prepareStatement("INSERT INTO floor_event(stream_id, seq, payload) VALUES (?, ?, ?)")) {
							insert.setString(1, "stream-" + (entity % 1000));
							insert.setLong(2, seq);
							insert.setBytes(3, new byte[40]);
							insert.executeUpdate();
						}
						if (transactional) {
							connection.commit();
						}
						next.incrementAndGet();
						// the floor has no state: validation is by row count
						return 1000 + amount;
					}
				}, (threads == 1) ? 1 : 1000, threads, rows);
				outcome = new ClosedLoop.Outcome(outcome.opsPerSecond(), outcome.p50Micros(), outcome.p99Micros(),
						outcome.bytesPerOp(), next.get() == rows, outcome.failure());
			}
		}
		return result("jdbc-floor", name, Objects.requireNonNull(outcome, "4 rounds ran"), rows);
	}

	private String batchFloor() throws Exception {
		double best = 0;
		for (int round = 0; round < 4; round++) {
			try (HikariDataSource pool = Database.pool(jdbcUrl(), 16)) {
				resetFloor(pool);
				try (Connection connection = pool.getConnection()) {
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
					best = 20_000 / ((System.nanoTime() - start) / 1e9);
				}
			}
		}
		return String.format(Locale.ROOT,
				"RUN framework=jdbc-floor workload=batch100-floor ops_per_s=%.0f valid=true jdk=%s", best,
				Runtime.version());
	}

	private static void resetFloor(HikariDataSource pool) throws Exception {
		String url = pool.getJdbcUrl();
		// WORKLOADS.md's floor table in each database's words
		String key = url.startsWith("jdbc:mariadb:") ? "BIGINT AUTO_INCREMENT"
				: url.startsWith("jdbc:h2:") ? "BIGINT GENERATED BY DEFAULT AS IDENTITY" : "BIGSERIAL";
		String bytes = url.startsWith("jdbc:postgresql:") ? "BYTEA" : "VARBINARY(255)";
		Database.execute(pool, "CREATE TABLE IF NOT EXISTS floor_event(global_index " + key + " PRIMARY KEY, "
				+ "stream_id VARCHAR(255), seq BIGINT, payload " + bytes + ", UNIQUE(stream_id, seq))");
		Database.execute(pool, "TRUNCATE TABLE floor_event");
	}

	private static String result(String framework, String workload, ClosedLoop.Outcome outcome, int n) {
		return String.format(Locale.ROOT,
				"RUN framework=%s workload=%s ops_per_s=%.0f p50_us=%.1f p99_us=%.1f bytes_per_op=%d ops=%d valid=%s jdk=%s%s",
				framework, workload, outcome.opsPerSecond(), outcome.p50Micros(), outcome.p99Micros(),
				outcome.bytesPerOp(), n, outcome.valid(), Runtime.version(),
				outcome.valid() ? "" : " failure=\"" + outcome.failure() + "\"");
	}

}
