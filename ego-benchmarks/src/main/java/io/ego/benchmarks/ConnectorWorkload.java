package io.ego.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.OpenAccount;
import io.ego.core.EgoEngine;
import io.ego.core.EntityRef;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.store.jdbc.JdbcDeadLetterStore;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcOffsetStore;
import io.ego.store.jdbc.JdbcSnapshotStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import org.jspecify.annotations.Nullable;

/**
 * W3-kafka, W3-nats, W3-pulsar: W3 exactly (1,000 entities, 64 callers, 20,000 credits,
 * the JDBC journal and snapshots on PostgreSQL) with a connector's event publisher
 * registered on the engine (its offsets, leases and dead letters in the JDBC stores of
 * the same database), wrapped in a {@link TimedPublisher}. Per round: a fresh engine,
 * emptied tables and a fresh topic or stream; the 1,000 accounts are opened and published
 * before the callers start. Measured, besides W3's figures: the events acknowledged by
 * the broker per second while the callers ran, the time from the last caller's end until
 * the publisher's lag ({@code engine.projections().status(name)}, its workers' lag in
 * events summed) is 0, the lag sampled every 50 ms (its maximum, its means over the
 * middle and the last third of the callers' phase, and at its end) and each event's
 * end-to-end latency from its journal write time to the return of {@code publish(batch)},
 * which returns once the broker acknowledged the batch. 3 warm-up rounds and one measured
 * round.
 */
final class ConnectorWorkload {

	private static final String PREFIX = "bench_";

	private static final JdbcStoreOptions OPTIONS = JdbcStoreOptions.defaults()
		.withTablePrefix(PREFIX)
		.withInitializeSchema(JdbcStoreOptions.InitializeSchema.ALWAYS);

	private static final List<String> TABLES = List.of("journal", "journal_highest", "snapshot", "consumer_offset",
			"consumer_lease", "dead_letter");

	private static final int ENTITIES = 1_000;

	private static final int CALLERS = 64;

	/** The credits of a round: W3's 20,000 ({@code -Dego.bench.connector-credits}). */
	private static final int CREDITS = Integer.getInteger("ego.bench.connector-credits", 20_000);

	/**
	 * The publisher's settings: the engine's defaults (one worker, 500 events per read),
	 * but for the workers ({@code -Dego.bench.publisher-parallelism}, default 1).
	 */
	private static final ProjectionSettings SETTINGS = ProjectionSettings.defaults()
		.withParallelism(Integer.getInteger("ego.bench.publisher-parallelism", 1));

	/** The lag that counts as one read batch in flight, not growth. */
	private static final long ONE_BATCH = SETTINGS.bufferSize();

	private static final long SAMPLE_MILLIS = 50;

	private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

	private ConnectorWorkload() {
	}

	/**
	 * Runs the workload.
	 * @param jdbcUrl the PostgreSQL database
	 * @param connector {@code kafka}, {@code nats} or {@code pulsar}
	 * @return the {@code RUN} line
	 */
	static String run(String jdbcUrl, String connector) throws Exception {
		String workload = "W3-" + connector;
		Outcome outcome = null;
		try (ConnectorBroker broker = ConnectorBroker.start(connector)) {
			for (int round = 0; round < 4; round++) {
				outcome = round(jdbcUrl, connector, broker,
						"bench-w3-" + connector + "-" + ProcessHandle.current().pid() + "-" + round, round == 3);
			}
		}
		Outcome measured = Objects.requireNonNull(outcome, "4 rounds ran");
		ClosedLoop.Outcome loop = measured.loop;
		System.out.println(
				"LAG " + workload + " every " + SAMPLE_MILLIS + " ms of the callers' phase: " + measured.lagSeries);
		boolean valid = loop.valid() && measured.failure == null;
		return String.format(Locale.ROOT,
				"RUN framework=ego workload=%s ops_per_s=%.0f p50_us=%.1f p99_us=%.1f bytes_per_op=%d ops=%d "
						+ "published_per_s=%.0f published_total_per_s=%.0f e2e_p50_ms=%.1f e2e_p99_ms=%.1f "
						+ "e2e_max_ms=%.1f lag_max=%d lag_mid=%d lag_last=%d lag_end=%d lag_time_max_ms=%d catch_up_ms=%.1f "
						+ "keeps_up=%s drain_per_s=%.0f acknowledged=%d failures=%d publisher_parallelism=%d valid=%s jdk=%s%s",
				workload, loop.opsPerSecond(), loop.p50Micros(), loop.p99Micros(), loop.bytesPerOp(), CREDITS,
				measured.publishedPerSecond, measured.publishedTotalPerSecond, measured.e2eP50Millis,
				measured.e2eP99Millis, measured.e2eMaxMillis, measured.lagMax, measured.lagMid, measured.lagLast,
				measured.lagEnd, measured.lagTimeMaxMillis, measured.catchUpMillis, measured.keepsUp(),
				measured.drainPerSecond, measured.acknowledged, measured.failures, SETTINGS.parallelism(), valid,
				Runtime.version(),
				valid ? "" : " failure=\"" + (loop.valid() ? measured.failure : loop.failure()) + "\"");
	}

	private static Outcome round(String jdbcUrl, String connector, ConnectorBroker broker, String name,
			boolean measured) throws Exception {
		try (HikariDataSource pool = Database.pool(jdbcUrl, 16);
				JdbcEventStore events = new JdbcEventStore(pool, OPTIONS)) {
			JdbcSnapshotStore snapshots = new JdbcSnapshotStore(pool, OPTIONS);
			JdbcOffsetStore offsets = new JdbcOffsetStore(pool, OPTIONS);
			JdbcDeadLetterStore deadLetters = new JdbcDeadLetterStore(pool, OPTIONS);
			for (String table : TABLES) {
				Database.execute(pool, "TRUNCATE TABLE " + PREFIX + table);
			}
			ConnectorBroker.Publisher target = broker.publisher(name);
			try (AutoCloseable resources = target.resources()) {
				TimedPublisher timed = new TimedPublisher(target.publisher());
				try (EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.snapshotStore(snapshots)
					.offsetStore(offsets)
					.deadLetterStore(deadLetters)
					.inMemoryStores()
					.eventSourced("account", new BenchAccountBehavior())
					.eventPublisher(connector, timed, SETTINGS)
					.build()) {
					return measure(engine, connector, timed, measured);
				}
			}
		}
	}

	private static Outcome measure(EgoEngine engine, String connector, TimedPublisher timed, boolean drain)
			throws Exception {
		List<EntityRef<Account>> refs = new ArrayList<>(ENTITIES);
		String[] ids = new String[ENTITIES];
		for (int e = 0; e < ENTITIES; e++) {
			ids[e] = String.format(Locale.ROOT, "acc-%05d", e);
			EntityRef<Account> ref = engine.entity("account", ids[e]);
			refs.add(ref);
			long balance = ref.askAndWait(OpenAccount.newBuilder().setAccountId(ids[e]).setInitialBalance(1000).build())
				.state()
				.getBalance();
			if (balance != 1000) {
				throw new IllegalStateException("open " + ids[e] + " replied " + balance);
			}
		}
		// the opens are published before the clock starts
		long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
		while (timed.published() < ENTITIES || lagEvents(engine, connector) > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the publisher did not publish the opened accounts in time");
			}
			Thread.sleep(10);
		}
		timed.arm();
		Sampler sampler = new Sampler(engine, connector);
		long[] phase = new long[2];
		long[] publishedAt = new long[2];
		ClosedLoop.Target credit = (entity, amount) -> refs.get(entity)
			.askAndWait(CreditAccount.newBuilder().setAccountId(ids[entity]).setAmount(amount).build())
			.state()
			.getBalance();
		ClosedLoop.Outcome loop = ClosedLoop.run(credit, ENTITIES, CALLERS, CREDITS, new ClosedLoop.Phases() {

			@Override
			public void started() {
				publishedAt[0] = timed.published();
				sampler.start();
				phase[0] = System.nanoTime();
			}

			@Override
			public void ended() {
				phase[1] = System.nanoTime();
				publishedAt[1] = timed.published();
			}

		});
		long lagEnd = lagEvents(engine, connector);
		String failure = null;
		long caughtUp;
		deadline = phase[1] + CATCH_UP_TIMEOUT.toNanos();
		while (true) {
			if (timed.recorded() >= CREDITS && lagEvents(engine, connector) == 0) {
				caughtUp = System.nanoTime();
				break;
			}
			if (System.nanoTime() > deadline) {
				caughtUp = System.nanoTime();
				failure = "the publisher did not catch up within " + CATCH_UP_TIMEOUT + ": "
						+ lagEvents(engine, connector) + " events left";
				break;
			}
			Thread.sleep(5);
		}
		sampler.stop();
		if (failure == null && !engine.projections().deadLetters(connector, 10).isEmpty()) {
			failure = "events were dead-lettered: " + engine.projections().deadLetters(connector, 10);
		}
		long[] latencies = timed.sortedLatencies();
		if (failure == null && latencies.length < CREDITS) {
			failure = latencies.length + " of " + CREDITS + " credits acknowledged";
		}
		double phaseSeconds = (phase[1] - phase[0]) / 1e9;
		Sampler.Summary lags = sampler.summary(phase[0], phase[1]);
		double drainPerSecond = Double.NaN;
		if (failure == null && drain) {
			Drain drained = drain(engine, connector, credit);
			drainPerSecond = drained.eventsPerSecond;
			failure = drained.failure;
		}
		return new Outcome(loop, (publishedAt[1] - publishedAt[0]) / phaseSeconds,
				CREDITS / ((caughtUp - phase[0]) / 1e9), ClosedLoop.nearestRank(latencies, 0.50) / 1e3,
				ClosedLoop.nearestRank(latencies, 0.99) / 1e3,
				(latencies.length == 0) ? 0 : latencies[latencies.length - 1] / 1e3, Math.max(lags.max, lagEnd),
				lags.midMean, lags.lastMean, lagEnd, lags.timeMaxMillis, (caughtUp - phase[1]) / 1e6, latencies.length,
				timed.failures(), lags.series, drainPerSecond, failure);
	}

	/**
	 * The publisher's capacity without callers beside it: paused, 20,000 more credits
	 * written (a backlog), resumed; the backlog divided by the time until the lag is 0.
	 */
	private static Drain drain(EgoEngine engine, String connector, ClosedLoop.Target credit) throws Exception {
		engine.projections().pause(connector);
		// not checked: the balances already hold the measured round's credits
		ClosedLoop.run(credit, ENTITIES, CALLERS, CREDITS);
		long events = lagEvents(engine, connector);
		long start = System.nanoTime();
		engine.projections().resume(connector);
		long deadline = start + CATCH_UP_TIMEOUT.toNanos();
		while (lagEvents(engine, connector) > 0) {
			if (System.nanoTime() > deadline) {
				return new Drain(Double.NaN,
						"the publisher did not drain a backlog of " + events + " events within " + CATCH_UP_TIMEOUT);
			}
			Thread.sleep(5);
		}
		return new Drain(events / ((System.nanoTime() - start) / 1e9), null);
	}

	/** A drained backlog: its events per second, or why not. */
	private record Drain(double eventsPerSecond, @Nullable String failure) {
	}

	private static ProjectionStatus lag(EgoEngine engine, String connector) {
		return engine.projections().status(connector);
	}

	/**
	 * The publisher's lag in events: {@code status(name).lagEvents()} is the largest of
	 * its workers'; with more than one worker, their sum is the backlog.
	 */
	private static long lagEvents(EgoEngine engine, String connector) {
		return lag(engine, connector).workers().stream().mapToLong(ProjectionStatus.Worker::lagEvents).sum();
	}

	/** Samples the publisher's lag every 50 ms on a thread of its own. */
	private static final class Sampler {

		private final EgoEngine engine;

		private final String connector;

		private final List<long[]> samples = new ArrayList<>();

		private final CountDownLatch stop = new CountDownLatch(1);

		private @Nullable Thread thread;

		Sampler(EgoEngine engine, String connector) {
			this.engine = engine;
			this.connector = connector;
		}

		void start() {
			this.thread = Thread.ofPlatform().name("lag-sampler").daemon().start(() -> {
				try {
					do {
						long at = System.nanoTime();
						ProjectionStatus status = lag(this.engine, this.connector);
						synchronized (this.samples) {
							long events = status.workers().stream().mapToLong(ProjectionStatus.Worker::lagEvents).sum();
							this.samples.add(new long[] { at, events, status.lagTime().toMillis() });
						}
					}
					while (!this.stop.await(SAMPLE_MILLIS, TimeUnit.MILLISECONDS));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}

		void stop() throws InterruptedException {
			this.stop.countDown();
			if (this.thread != null) {
				this.thread.join();
			}
		}

		/**
		 * The lag over the callers' phase, from {@code start} to {@code end}: its
		 * maximum, its mean over the middle and over the last third, the largest age of
		 * the oldest event not yet published, and every sample.
		 */
		Summary summary(long start, long end) {
			long third = (end - start) / 3;
			long max = 0;
			long timeMax = 0;
			long[] sums = new long[3];
			long[] counts = new long[3];
			StringBuilder series = new StringBuilder();
			synchronized (this.samples) {
				for (long[] sample : this.samples) {
					if (sample[0] > end) {
						continue;
					}
					max = Math.max(max, sample[1]);
					timeMax = Math.max(timeMax, sample[2]);
					int part = (int) Math.min(2, (sample[0] - start) / Math.max(1, third));
					sums[part] += sample[1];
					counts[part]++;
					series.append((series.length() == 0) ? "" : " ").append(sample[1]);
				}
			}
			return new Summary(max, sums[1] / Math.max(1, counts[1]), sums[2] / Math.max(1, counts[2]), timeMax,
					series.toString());
		}

		record Summary(long max, long midMean, long lastMean, long timeMaxMillis, String series) {
		}

	}

	/** What the measured round gave. */
	private record Outcome(ClosedLoop.Outcome loop, double publishedPerSecond, double publishedTotalPerSecond,
			double e2eP50Millis, double e2eP99Millis, double e2eMaxMillis, long lagMax, long lagMid, long lagLast,
			long lagEnd, long lagTimeMaxMillis, double catchUpMillis, long acknowledged, long failures,
			String lagSeries, double drainPerSecond, @Nullable String failure) {

		/**
		 * The lag did not grow: its mean over the last third of the callers' phase is at
		 * most one read batch above 1.5 times its mean over the middle third.
		 */
		boolean keepsUp() {
			return this.lagLast <= ONE_BATCH + 3 * this.lagMid / 2;
		}

	}

}
