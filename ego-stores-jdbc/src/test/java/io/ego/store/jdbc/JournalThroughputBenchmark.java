package io.ego.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static io.ego.store.jdbc.TestEvents.events;

/**
 * A rough measure of the group-commit writer, not run by the build (the class name does
 * not end in {@code Tests}): callers on virtual threads append one event at a time to
 * their own entities, for a while. <pre>
 * ./mvnw -B -ntp -o -f ego-stores-jdbc/pom.xml test -Dtest=JournalThroughputBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.dialect=POSTGRESQL -Dbench.callers=64 -Dbench.seconds=5
 * </pre>
 *
 * @author eGo team
 * @since 0.1.0
 */
class JournalThroughputBenchmark {

	@Test
	void measure() throws Exception {
		JdbcDialect dialect = JdbcDialect.valueOf(System.getProperty("bench.dialect", "POSTGRESQL"));
		int callers = Integer.getInteger("bench.callers", 64);
		int entitiesPerCaller = Integer.getInteger("bench.entities", 16);
		int eventsPerAppend = Integer.getInteger("bench.events", 1);
		Duration duration = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
		Duration linger = Duration.ofMillis(Integer.getInteger("bench.lingerMillis", 0));
		JdbcStoreOptions options = TestDatabases.freshSchema(dialect, "bench_" + dialect.scriptName() + "_")
			.withLinger(linger);
		DataSource dataSource = TestDatabases.of(dialect);
		Tables tables = new Tables(options.tablePrefix());
		new JdbcEventStore(dataSource, options).close();
		TestDatabases.truncate(dataSource, tables.journal(), tables.journalHighest());
		try (JdbcEventStore store = new JdbcEventStore(dataSource, options)) {
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong appends = new AtomicLong();
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				int caller = c;
				threads.add(Thread.ofVirtual().start(() -> {
					long[] seqs = new long[entitiesPerCaller];
					for (int i = 0; running.get(); i++) {
						int e = i % entitiesPerCaller;
						String id = "bench|c" + caller + "-e" + e;
						store.append(id, seqs[e], events(id, seqs[e] + 1, eventsPerAppend));
						seqs[e] += eventsPerAppend;
						appends.incrementAndGet();
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
					"%s: %d callers x %d entities, %d event(s)/append, linger %s: %,.0f appends/s, "
							+ "%,.0f events/s, %,d transactions (%.1f appends each)%n",
					dialect, callers, entitiesPerCaller, eventsPerAppend, linger, appends.get() / seconds,
					appends.get() * eventsPerAppend / seconds, transactions, (double) appends.get() / transactions);
		}
	}

}
