package io.ego.core.internal.consumer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.ego.core.EgoException;
import io.ego.core.internal.runtime.Backoff;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.PersistedEvent;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a consumer, the loop every kind runs: reads its slice range by position,
 * hands each batch to the consumer's {@link Delivery}, which commits the offset after the
 * batch was handled (at-least-once) or with it (transactions). Store outages are retried
 * with the {@link Backoff#OUTAGE outage back-off}.
 * <p>
 * It runs only while this instance holds its {@link Lease lease}, one {@link WorkerRun
 * run} (thread) at a time: every run has its own stop token, so that a run asked to stop
 * can never be revived by a later start. Commits are compare-and-set from the stored
 * offset the batch started from, fenced by the lease's token: when one is refused (the
 * offset moved: another instance, a stray thread, a rebuild elsewhere), the worker reads
 * its offset again and goes on from there, so that no batch is committed twice and no
 * offset moves backwards.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class ConsumerWorker {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerWorker.class);

	final ConsumerRunner runner;

	final SliceRange range;

	/** The worker's partition: its range as text, the key of its offset and lease. */
	final String partition;

	/**
	 * The position this worker has read and committed up to, as this instance last saw
	 * it.
	 */
	volatile long committed;

	/**
	 * The stored offset the next commit expects, {@link OffsetStore#NO_OFFSET} when none
	 * is stored yet.
	 */
	volatile long expected = OffsetStore.NO_OFFSET;

	volatile boolean paused;

	/** The lease this instance holds on the worker, if any. */
	final WorkerLease lease;

	/**
	 * Set when the stored offset moved under the worker (a rebuild on another instance):
	 * it reads it again.
	 */
	volatile boolean reload;

	/**
	 * Held while a batch is handled; a dead-letter retry of the worker's slices takes it
	 * too.
	 */
	final ReentrantLock handling = new ReentrantLock();

	private volatile @Nullable WorkerRun run;

	/** The row the current run is handling, for messages. */
	volatile @Nullable PersistedEvent current;

	/** Decrypts and adapts; used by the current run's thread only. */
	final EventReader reader;

	ConsumerWorker(ConsumerRunner runner, SliceRange range) {
		this.runner = runner;
		this.reader = new EventReader(runner.runtime, runner.readsStates);
		this.range = range;
		this.partition = range.toString();
		this.lease = new WorkerLease(runner, this.partition);
	}

	/**
	 * Starts a run under a lease.
	 * @param lease the lease this instance holds
	 * @param paused whether the run starts paused
	 * @throws IllegalStateException when the previous run has not ended (two threads
	 * would read the same slices)
	 */
	void start(Lease lease, boolean paused) {
		if (isRunning()) {
			throw new IllegalStateException(
					"projection '" + this.runner.name + "' worker " + this.partition + " is still running");
		}
		this.paused = paused;
		WorkerRun next = new WorkerRun(this, lease);
		this.run = next;
		next.thread.start();
	}

	/**
	 * @return whether a run's thread is alive (handling, waiting for events, or finishing
	 * a batch)
	 */
	boolean isRunning() {
		WorkerRun running = this.run;
		return running != null && running.thread.isAlive();
	}

	/**
	 * Asks the current run to stop after the row it is handling.
	 * @param handBack whether the run gives its lease back when it has ended (to another
	 * instance)
	 */
	void requestStop(boolean handBack) {
		WorkerRun running = this.run;
		if (running != null) {
			running.handBack |= handBack;
			running.stopRequested = true;
		}
	}

	/**
	 * Waits, with no time limit, until the current run has ended: however long its batch
	 * takes, a new run never starts beside it.
	 * @throws EgoException when the waiting thread is interrupted (nothing may be started
	 * then)
	 */
	void awaitStopped() {
		WorkerRun running = this.run;
		if (running == null || running.thread == Thread.currentThread() || !running.thread.isAlive()) {
			return;
		}
		logger.info("Waiting for projection '{}' worker {} to finish {} (no time limit)", this.runner.name,
				this.partition, handlingNow());
		try {
			running.thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EgoException("interrupted while waiting for projection '" + this.runner.name + "' worker "
					+ this.partition + " to finish " + handlingNow(), ex);
		}
	}

	/**
	 * Waits until the current run has ended or a deadline passed (engine shutdown).
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} units
	 * @return whether the run has ended
	 */
	boolean awaitStopped(long deadlineNanos) {
		WorkerRun running = this.run;
		if (running == null || running.thread == Thread.currentThread()) {
			return true;
		}
		try {
			return running.thread.join(Duration.ofNanos(Math.max(deadlineNanos - System.nanoTime(), 1)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !running.thread.isAlive();
		}
	}

	/**
	 * @return what the current run is handling, for messages
	 */
	String handlingNow() {
		PersistedEvent event = this.current;
		return (event != null) ? describe(event) : "its batch";
	}

	void run(WorkerRun run) {
		try {
			loop(run);
		}
		catch (Throwable ex) {
			// nothing may end a worker silently: an error the loop does not handle stops
			// the consumer, visibly
			this.runner.failed(this, "worker " + this.partition + " stopped on " + describe(ex));
		}
		finally {
			this.current = null;
			if (run.handBack) {
				this.runner.keeper.release(this, run.lease);
			}
		}
	}

	private void loop(WorkerRun run) {
		long pullNanos = this.runner.settings.pullInterval().toNanos();
		int failures = 0;
		boolean load = true;
		while (!run.stopRequested) {
			if (load || this.reload) {
				this.reload = false;
				try {
					loadOffset();
					load = false;
				}
				catch (Exception ex) {
					Duration delay = Backoff.OUTAGE.delayAfter(++failures);
					logger.warn("Projection '{}' worker {} could not read its offset (retrying in {}): {}",
							this.runner.name, this.partition, delay, ex.getMessage());
					run.sleep(delay);
					continue;
				}
			}
			if (this.paused) {
				this.runner.signal.sleep(pullNanos);
				continue;
			}
			Boolean held = this.lease.heldBy(run);
			if (held == null) {
				run.sleep(Backoff.OUTAGE.delayAfter(++failures));
				continue;
			}
			if (!held) {
				logger.info("Projection '{}' worker {} no longer holds its lease here; it stops on this instance",
						this.runner.name, this.partition);
				return;
			}
			this.runner.signal.arm();
			List<PersistedEvent> batch;
			try {
				batch = this.runner.query.eventsAfter(this.committed, this.range.min(), this.range.max(),
						this.runner.settings.bufferSize());
				failures = 0;
			}
			catch (Exception ex) {
				// an outage: retried; an Error is no outage and reaches run(), which
				// fails the consumer
				Duration delay = Backoff.OUTAGE.delayAfter(++failures);
				logger.warn("Projection '{}' worker {} could not read the journal (retrying in {}): {}",
						this.runner.name, this.partition, delay, ex.getMessage());
				run.sleep(delay);
				continue;
			}
			if (batch.isEmpty()) {
				this.runner.signal.await(pullNanos);
				continue;
			}
			Delivery.Result result;
			this.handling.lock();
			try {
				if (run.stopRequested) {
					return;
				}
				result = handle(run, batch);
			}
			catch (Exception ex) {
				// the offset store failed, perhaps after the commit took effect: read the
				// offset again, then go on
				Duration delay = Backoff.OUTAGE.delayAfter(++failures);
				logger.warn("Projection '{}' worker {} could not commit its offset (reading it again in {}): {}",
						this.runner.name, this.partition, delay, ex.getMessage());
				load = true;
				run.sleep(delay);
				continue;
			}
			finally {
				this.current = null;
				this.handling.unlock();
			}
			if (result == Delivery.Result.GAVE_UP) {
				return;
			}
			if (result == Delivery.Result.MOVED) {
				logger.info(
						"Projection '{}' worker {}: the offset moved since the batch started from {} (another "
								+ "instance, a stray writer or a rebuild); reading it again",
						this.runner.name, this.partition, this.expected);
				load = true;
			}
		}
	}

	/** Hands one batch to the delivery, in an observation. */
	private Delivery.Result handle(WorkerRun run, List<PersistedEvent> batch) {
		Observation observation = this.runner.telemetry.projectionBatch(this.runner.name, this.partition, batch.size());
		try {
			Delivery.Result result = this.runner.delivery.deliver(run, batch);
			Telemetry.stop(observation, "success", null);
			return result;
		}
		catch (Throwable ex) {
			Telemetry.stop(observation, "failure", ex);
			throw ex;
		}
	}

	/**
	 * Reads the worker's stored offset: where it goes on from, and what its next commit
	 * expects.
	 */
	private void loadOffset() {
		Offset own = this.runner.offsets.get(this.runner.name, this.partition);
		if (own != null) {
			this.expected = own.position();
			this.committed = own.position();
			return;
		}
		this.expected = OffsetStore.NO_OFFSET;
		this.committed = this.runner.positions.startPosition(this, this.runner.offsets.load(this.runner.name));
	}

	/** Describes a failure for a status or a log line: its class and message. */
	static String describe(Throwable failure) {
		return failure.getClass().getName() + ": " + failure.getMessage();
	}

	/**
	 * Names a row for a status or a log line:
	 * {@code persistence-id#sequence-nr (position p)}.
	 */
	static String describe(PersistedEvent event) {
		return event.persistenceId() + "#" + event.sequenceNr() + " (position " + event.position() + ")";
	}

}
