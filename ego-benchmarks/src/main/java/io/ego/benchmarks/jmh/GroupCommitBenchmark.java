package io.ego.benchmarks.jmh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ego.benchmarks.domain.AccountCredited;
import io.ego.core.store.PersistedEvent;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appends of one event each from 64 threads (one entity per thread) through the JDBC
 * journal writer, which groups them into transactions. Needs PostgreSQL
 * ({@code -p url=...}, default the local server).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Threads(64)
@Fork(1)
public class GroupCommitBenchmark {

	@Param("jdbc:postgresql://127.0.0.1:5432/test")
	public String url;

	private HikariDataSource pool;

	private JdbcEventStore store;

	private final AtomicInteger writers = new AtomicInteger();

	private final byte[] payload = AccountCredited.newBuilder().setAccountId("acc").setAmount(1).build().toByteArray();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.url);
		config.setUsername("postgres");
		config.setMaximumPoolSize(16);
		this.pool = new HikariDataSource(config);
		JdbcStoreOptions options = JdbcStoreOptions.defaults()
			.withTablePrefix("jmh_")
			.withInitializeSchema(JdbcStoreOptions.InitializeSchema.ALWAYS);
		this.store = new JdbcEventStore(this.pool, options);
		try (var connection = this.pool.getConnection()) {
			connection.createStatement().execute("TRUNCATE jmh_journal, jmh_journal_highest");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.store.close();
		this.pool.close();
	}

	/** One entity per benchmark thread. */
	@State(Scope.Thread)
	public static class Writer {

		String persistenceId;

		int slice;

		long sequenceNr;

		@Setup(Level.Trial)
		public void setUp(GroupCommitBenchmark benchmark) {
			this.persistenceId = "account|writer-" + benchmark.writers.incrementAndGet() + "-" + System.nanoTime();
			this.slice = PersistedEvent.sliceOf(this.persistenceId);
		}

	}

	@Benchmark
	public void append(Writer writer) {
		long next = writer.sequenceNr + 1;
		this.store.append(writer.persistenceId, writer.sequenceNr,
				List.of(new PersistedEvent(writer.persistenceId, "account", next, 0, writer.slice,
						"ego.bench.AccountCredited", this.payload, Instant.now(), Map.of(), null)));
		writer.sequenceNr = next;
	}

}
