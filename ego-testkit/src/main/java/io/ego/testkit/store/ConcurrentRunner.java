package io.ego.testkit.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs tasks on their own threads, released together to maximise contention, and waits
 * for all of them.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class ConcurrentRunner implements AutoCloseable {

	private final ExecutorService pool;

	private final int threads;

	private final Duration timeout;

	ConcurrentRunner(int threads, Duration timeout) {
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be positive but was " + threads);
		}
		this.threads = threads;
		this.timeout = timeout;
		this.pool = Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "ego-tck-worker");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Runs one task per thread, all released at once, and returns their results in task
	 * order.
	 * @param <T> the result type
	 * @param tasks creates the task of each index, {@code 0} to {@code threads - 1}
	 * @return the results
	 * @throws AssertionError when a task failed or did not finish in time
	 */
	<T> List<T> runAll(IntFunction<Callable<T>> tasks) {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>(this.threads);
		for (int i = 0; i < this.threads; i++) {
			Callable<T> task = tasks.apply(i);
			futures.add(this.pool.submit(() -> {
				start.await();
				return task.call();
			}));
		}
		start.countDown();
		return awaitAll(futures);
	}

	/**
	 * Starts one task on a thread of its own without waiting for it.
	 * @param <T> the result type
	 * @param task the task
	 * @return its future
	 */
	<T> Future<T> start(Callable<T> task) {
		return this.pool.submit(task);
	}

	/**
	 * Waits for tasks and returns their results.
	 * @param <T> the result type
	 * @param futures the tasks
	 * @return the results in order
	 * @throws AssertionError when a task failed or did not finish in time
	 */
	<T> List<T> awaitAll(List<Future<T>> futures) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		List<T> results = new ArrayList<>(futures.size());
		AssertionError failure = null;
		for (Future<T> future : futures) {
			try {
				results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			catch (ExecutionException ex) {
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				if (failure == null) {
					failure = (cause instanceof AssertionError assertion) ? assertion
							: new AssertionError("a concurrent task failed: " + cause, cause);
				}
				else {
					failure.addSuppressed(cause);
				}
			}
			catch (TimeoutException ex) {
				throw new AssertionError("concurrent tasks did not finish within " + this.timeout, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for concurrent tasks", ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
		return results;
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
	}

}
