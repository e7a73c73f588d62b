package io.ego.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import io.ego.benchmarks.domain.Account;
import io.ego.benchmarks.domain.StartTransfer;
import io.ego.core.EgoEngine;
import io.ego.core.EntityNotFoundException;
import io.ego.core.projection.Projection;
import io.ego.core.saga.SagaSettings;
import io.ego.core.v1.SagaStatusChanged;
import io.ego.core.v1.SagaStatusValue;
import io.ego.store.jdbc.JdbcDeadLetterStore;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcOffsetStore;
import io.ego.store.jdbc.JdbcSnapshotStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.ego.store.jdbc.JdbcTimerStore;
import org.jspecify.annotations.Nullable;

/**
 * W3-saga: transfers between 1,000 accounts on PostgreSQL, 64 at a time (64 platform
 * threads, each starting a transfer and waiting until it is {@code COMPLETED} before the
 * next). A transfer is a saga of two entity commands (debit, then credit) plus the saga's
 * own events; every store is the JDBC one (journal, snapshots, offsets and leases of the
 * saga's reader and dispatcher, step timers, dead letters). The time of a transfer runs
 * from {@code sagas().start(...)} until a projection reads the instance's
 * {@code COMPLETED} from the journal. 3 warm-up rounds and one measured round, each on a
 * fresh engine and emptied tables. Valid when every transfer completed and every
 * account's balance is the sum of its transfers.
 */
final class SagaWorkload {

	static final String NAME = "W3-saga";

	private static final String PREFIX = "bench_";

	private static final JdbcStoreOptions OPTIONS = JdbcStoreOptions.defaults()
		.withTablePrefix(PREFIX)
		.withInitializeSchema(JdbcStoreOptions.InitializeSchema.ALWAYS);

	private static final List<String> TABLES = List.of("journal", "journal_highest", "snapshot", "consumer_offset",
			"consumer_lease", "dead_letter", "timer");

	/**
	 * The saga's settings: the defaults, but for the readers feeding it and performing
	 * its steps ({@code -Dego.bench.saga-parallelism}, default 1 as in the engine).
	 */
	private static final SagaSettings SETTINGS = SagaSettings.defaults()
		.withParallelism(Integer.getInteger("ego.bench.saga-parallelism", 1));

	/** The connections ({@code -Dego.bench.saga-pool}, default 16 as in W3). */
	private static final int POOL = Integer.getInteger("ego.bench.saga-pool", 16);

	private static final int ACCOUNTS = 1_000;

	private static final int CALLERS = 64;

	private SagaWorkload() {
	}

	/**
	 * Runs the workload.
	 * @param jdbcUrl the PostgreSQL database
	 * @param transfers the transfers of each round
	 * @return the {@code RUN} line
	 */
	static String run(String jdbcUrl, int transfers) throws Exception {
		Outcome outcome = null;
		for (int round = 0; round < 4; round++) {
			outcome = round(jdbcUrl, transfers);
		}
		Outcome measured = Objects.requireNonNull(outcome, "4 rounds ran");
		return String.format(Locale.ROOT,
				"RUN framework=ego workload=%s ops_per_s=%.0f commands_per_s=%.0f p50_us=%.1f p99_us=%.1f "
						+ "bytes_per_op=%d ops=%d valid=%s jdk=%s%s",
				NAME + " saga_parallelism=" + SETTINGS.parallelism() + " pool=" + POOL, measured.transfersPerSecond,
				2 * measured.transfersPerSecond, measured.p50Micros, measured.p99Micros, measured.bytesPerOp, transfers,
				measured.valid, Runtime.version(), measured.valid ? "" : " failure=\"" + measured.failure + "\"");
	}

	private static Outcome round(String jdbcUrl, int transfers) throws Exception {
		Map<String, CompletableFuture<Void>> ends = new ConcurrentHashMap<>();
		try (HikariDataSource pool = Database.pool(jdbcUrl, POOL);
				JdbcEventStore events = new JdbcEventStore(pool, OPTIONS)) {
			JdbcSnapshotStore snapshots = new JdbcSnapshotStore(pool, OPTIONS);
			JdbcOffsetStore offsets = new JdbcOffsetStore(pool, OPTIONS);
			JdbcTimerStore timers = new JdbcTimerStore(pool, OPTIONS);
			JdbcDeadLetterStore deadLetters = new JdbcDeadLetterStore(pool, OPTIONS);
			for (String table : TABLES) {
				Database.execute(pool, "TRUNCATE TABLE " + PREFIX + table);
			}
			try (EgoEngine engine = EgoEngine.builder()
				.eventStore(events)
				.snapshotStore(snapshots)
				.offsetStore(offsets)
				.timerStore(timers)
				.deadLetterStore(deadLetters)
				.inMemoryStores()
				.eventSourced("account", new BenchTransferAccountBehavior())
				.saga("transfer", new BenchTransferSaga(), SETTINGS)
				.projection("transfers-ended", ended(ends))
				.build()) {
				return closedLoop(engine, ends, transfers);
			}
		}
	}

	/**
	 * Completes a transfer's future when its instance's final status is in the journal.
	 */
	private static Projection ended(Map<String, CompletableFuture<Void>> ends) {
		return (envelope) -> {
			if (envelope.event() instanceof SagaStatusChanged changed && isFinal(changed.getStatus())) {
				CompletableFuture<Void> end = ends.get(envelope.entityId());
				if (end == null) {
					return;
				}
				if (changed.getStatus() == SagaStatusValue.SAGA_COMPLETED) {
					end.complete(null);
				}
				else {
					end.completeExceptionally(new IllegalStateException("transfer " + envelope.entityId() + " ended "
							+ changed.getStatus() + ": " + changed.getReason()));
				}
			}
		};
	}

	private static boolean isFinal(SagaStatusValue status) {
		return status == SagaStatusValue.SAGA_COMPLETED || status == SagaStatusValue.SAGA_COMPENSATED
				|| status == SagaStatusValue.SAGA_FAILED;
	}

	private static Outcome closedLoop(EgoEngine engine, Map<String, CompletableFuture<Void>> ends, int transfers)
			throws InterruptedException {
		long[][] latencies = new long[CALLERS][];
		long[][] net = new long[CALLERS][ACCOUNTS];
		CountDownLatch ready = new CountDownLatch(CALLERS);
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(CALLERS);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<@Nullable String> failure = new AtomicReference<>();
		Thread[] threads = new Thread[CALLERS];
		for (int c = 0; c < CALLERS; c++) {
			int caller = c;
			int count = transfers / CALLERS + ((c < transfers % CALLERS) ? 1 : 0);
			latencies[c] = new long[count];
			threads[c] = Thread.ofPlatform().name("caller-" + c).start(() -> {
				SplittableRandom random = new SplittableRandom(42 + caller);
				ready.countDown();
				try {
					go.await();
					for (int i = 0; i < count; i++) {
						int from = random.nextInt(ACCOUNTS);
						int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
						long amount = 1 + random.nextInt(100);
						String id = "t-" + caller + "-" + i;
						CompletableFuture<Void> end = new CompletableFuture<>();
						ends.put(id, end);
						long start = System.nanoTime();
						engine.sagas()
							.start("transfer", id,
									StartTransfer.newBuilder()
										.setFrom(account(from))
										.setTo(account(to))
										.setAmount(amount)
										.build())
							.get(30, TimeUnit.SECONDS);
						end.get(30, TimeUnit.SECONDS);
						latencies[caller][i] = System.nanoTime() - start;
						ends.remove(id);
						net[caller][from] -= amount;
						net[caller][to] += amount;
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex.toString());
				}
				done.countDown();
				try {
					release.await(); // stay alive until allocation is measured
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
		ready.await();
		Thread.sleep(50);
		long bytesBefore = ClosedLoop.allocatedBytes();
		long start = System.nanoTime();
		go.countDown();
		done.await();
		long elapsed = System.nanoTime() - start;
		long bytesAfter = ClosedLoop.allocatedBytes();
		release.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
		String balances = (failure.get() == null) ? checkBalances(engine, net) : null;
		if (balances != null) {
			failure.compareAndSet(null, balances);
		}
		return new Outcome(transfers / (elapsed / 1e9), ClosedLoop.nearestRank(all, 0.50) / 1e3,
				ClosedLoop.nearestRank(all, 0.99) / 1e3, (bytesAfter - bytesBefore) / transfers, failure.get() == null,
				String.valueOf(failure.get()));
	}

	private static String account(int index) {
		return String.format(Locale.ROOT, "acc-%04d", index);
	}

	/** Every account's balance must be the sum of its transfers. */
	private static @Nullable String checkBalances(EgoEngine engine, long[][] net) {
		for (int a = 0; a < ACCOUNTS; a++) {
			long expected = 0;
			for (long[] caller : net) {
				expected += caller[a];
			}
			long balance;
			try {
				balance = ((Account) engine.entity("account", account(a)).state().state()).getBalance();
			}
			catch (EntityNotFoundException ex) {
				balance = 0;
			}
			if (balance != expected) {
				return "account " + account(a) + ": balance " + balance + ", expected " + expected;
			}
		}
		return null;
	}

	/** What one round gave. */
	private record Outcome(double transfersPerSecond, double p50Micros, double p99Micros, long bytesPerOp,
			boolean valid, String failure) {
	}

}
