package io.ego.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.management.ThreadMXBean;
import org.jspecify.annotations.Nullable;

/**
 * The closed loop of W1-W4 (WORKLOADS.md): {@code callers} platform threads, started and
 * parked before the clock starts, each sending its share of {@code n} credits to random
 * entities and blocking on each reply.
 */
final class ClosedLoop {

	/** The system under test: credits an entity and returns the balance of the reply. */
	@FunctionalInterface
	interface Target {

		long credit(int entity, long amount) throws Exception;

	}

	/** What one measured round gave. */
	record Outcome(double opsPerSecond, double p50Micros, double p99Micros, long bytesPerOp, boolean valid,
			String failure) {
	}

	private ClosedLoop() {
	}

	/**
	 * Told when the callers start and when the last one finished, outside the measured
	 * time and allocation (W3-kafka and the other connector workloads mark their phases
	 * with it).
	 */
	interface Phases {

		/** Nothing to tell. */
		Phases NONE = new Phases() {
		};

		/** Called just before the callers are released. */
		default void started() {
		}

		/** Called once the last caller finished. */
		default void ended() {
		}

	}

	static Outcome run(Target target, int entities, int callers, int n) throws InterruptedException {
		return run(target, entities, callers, n, Phases.NONE);
	}

	static Outcome run(Target target, int entities, int callers, int n, Phases phases) throws InterruptedException {
		long[][] latencies = new long[callers][];
		long[][] maxBalance = new long[callers][entities];
		long[][] credited = new long[callers][entities];
		CountDownLatch ready = new CountDownLatch(callers);
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(callers);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<@Nullable String> failure = new AtomicReference<>();
		Thread[] threads = new Thread[callers];
		for (int c = 0; c < callers; c++) {
			int caller = c;
			int count = n / callers + ((c < n % callers) ? 1 : 0);
			latencies[c] = new long[count];
			threads[c] = Thread.ofPlatform().name("caller-" + c).start(() -> {
				SplittableRandom random = new SplittableRandom(42 + caller);
				long[] lat = latencies[caller];
				long[] max = maxBalance[caller];
				long[] sum = credited[caller];
				ready.countDown();
				try {
					go.await();
					for (int i = 0; i < count; i++) {
						int e = (entities == 1) ? 0 : random.nextInt(entities);
						long amount = 1 + random.nextInt(100);
						long start = System.nanoTime();
						long balance = target.credit(e, amount);
						lat[i] = System.nanoTime() - start;
						sum[e] += amount;
						if (balance > max[e]) {
							max[e] = balance;
						}
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
		phases.started();
		long bytesBefore = allocatedBytes();
		long start = System.nanoTime();
		go.countDown();
		done.await();
		long elapsed = System.nanoTime() - start;
		long bytesAfter = allocatedBytes();
		phases.ended();
		release.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
		boolean valid = failure.get() == null;
		for (int e = 0; e < entities && valid; e++) {
			long expected = 1000;
			long seen = 0;
			for (int c = 0; c < callers; c++) {
				expected += credited[c][e];
				seen = Math.max(seen, maxBalance[c][e]);
			}
			if (expected != 1000 && seen != expected) {
				valid = false;
				failure.compareAndSet(null,
						"entity " + e + ": largest balance seen " + seen + ", expected " + expected);
			}
		}
		return new Outcome(n / (elapsed / 1e9), nearestRank(all, 0.50) / 1e3, nearestRank(all, 0.99) / 1e3,
				(bytesAfter - bytesBefore) / n, valid, String.valueOf(failure.get()));
	}

	static long nearestRank(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percentile * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static long allocatedBytes() {
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			if (bytes > 0) {
				total += bytes;
			}
		}
		return total;
	}

}
