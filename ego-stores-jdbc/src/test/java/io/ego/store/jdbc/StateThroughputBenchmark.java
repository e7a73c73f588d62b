package io.ego.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.PersistedEvent;
import org.junit.jupiter.api.Test;

/**
 * A rough measure of the durable-state writer, not run by the build (the class name does
 * not end in {@code Tests}): callers on virtual threads write the next revision of their
 * own entities, one state at a time, for a while; {@code bench.callers} is a list, each
 * measured {@code bench.rounds} times. <pre>
 * ./mvnw -B -ntp -o -pl ego-stores-jdbc -am verify -Dtest=StateThroughputBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.dialect=MARIADB -Dbench.callers=1,4,16,64 -Dbench.seconds=5
 * </pre>
 *
 * @author eGo team
 * @since 0.2.0
 */
class StateThroughputBenchmark {

	@Test
	void measure() throws Exception {
		for (int round = 0; round < Integer.getInteger("bench.rounds", 1); round++) {
			for (String callers : System.getProperty("bench.callers", "64").split(",")) {
				measure(Integer.parseInt(callers.strip()));
			}
		}
	}

	private void measure(int callers) throws Exception {
		JdbcDialect dialect = JdbcDialect.valueOf(System.getProperty("bench.dialect", "POSTGRESQL"));
		int entitiesPerCaller = Integer.getInteger("bench.entities", 16);
		Duration duration = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
		Duration linger = Duration.ofMillis(Integer.getInteger("bench.lingerMillis", 0));
		JdbcStoreOptions options = TestDatabases.freshSchema(dialect, "sbench_" + dialect.scriptName() + "_")
			.withLinger(linger);
		DataSource dataSource = TestDatabases.of(dialect);
		Tables tables = new Tables(options.tablePrefix());
		new JdbcDurableStateStore(dataSource, options).close();
		TestDatabases.truncate(dataSource, tables.durableState());
		byte[] payload = "{\"balance\": 1000}".getBytes(StandardCharsets.UTF_8);
		try (JdbcDurableStateStore store = new JdbcDurableStateStore(dataSource, options)) {
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong writes = new AtomicLong();
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				int caller = c;
				threads.add(Thread.ofVirtual().start(() -> {
					long[] revisions = new long[entitiesPerCaller];
					for (int i = 0; running.get(); i++) {
						int e = i % entitiesPerCaller;
						String id = "sbench|c" + caller + "-e" + e;
						store.upsert(new DurableStateRecord(id, "sbench", ++revisions[e], PersistedEvent.sliceOf(id),
								"ego.bench.Account", payload, Instant.now(), null));
						writes.incrementAndGet();
					}
				}));
			}
			long start = System.nanoTime();
			Thread.sleep(duration);
			running.set(false);
			for (Thread thread : threads) {
				thread.join();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long transactions = store.committedTransactions();
			System.out.printf(
					"%s: %d callers x %d entities, linger %s: %,.0f writes/s, %,d transactions "
							+ "(%.1f writes each)%n",
					dialect, callers, entitiesPerCaller, linger, writes.get() / seconds, transactions,
					(double) writes.get() / Math.max(1, transactions));
		}
	}

}
