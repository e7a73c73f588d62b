package io.ego.core.internal.consumer;

import java.util.ArrayList;
import java.util.List;

import io.ego.core.internal.runtime.JournalSignal;
import io.ego.core.store.Offset;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one consumer on this instance, one per slice range: what its
 * {@link ConsumerRunner} does to all of them at once (pause, stop and wait, reload moved
 * offsets, find the worker of a slice).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Workers {

	private static final Logger logger = LoggerFactory.getLogger(Workers.class);

	private final ConsumerRunner runner;

	private final List<ConsumerWorker> all;

	private final JournalSignal signal;

	/** Creates a worker per slice range; starts no thread. */
	Workers(ConsumerRunner runner, List<SliceRange> ranges) {
		List<ConsumerWorker> workers = new ArrayList<>();
		for (SliceRange range : ranges) {
			workers.add(new ConsumerWorker(runner, range));
		}
		this.runner = runner;
		this.all = List.copyOf(workers);
		this.signal = runner.signal;
	}

	/**
	 * @return every worker, in slice order
	 */
	List<ConsumerWorker> all() {
		return this.all;
	}

	void setPaused(boolean paused) {
		for (ConsumerWorker worker : this.all) {
			worker.paused = paused;
		}
	}

	/**
	 * Asks the run of every worker but one to stop after the row it is handling, and
	 * wakes the runs waiting for rows.
	 * @param except the worker left running, or {@code null}
	 */
	void requestStop(@Nullable ConsumerWorker except) {
		for (ConsumerWorker worker : this.all) {
			if (worker != except) {
				worker.requestStop(false);
			}
		}
		this.signal.wakeAll();
	}

	/** Stops every worker, waiting with no time limit for the batch each is handling. */
	void stop() {
		requestStop(null);
		await();
	}

	/** Waits, with no time limit, for every worker's run to end. */
	void await() {
		for (ConsumerWorker worker : this.all) {
			worker.awaitStopped();
		}
	}

	/**
	 * Waits for every worker's run until a deadline (engine shutdown) and gives back the
	 * lease of each that ended. One still in its handler keeps its lease until it
	 * expires, so that no other instance runs its slices while it may still commit.
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} units
	 */
	void awaitShutdown(long deadlineNanos) {
		for (ConsumerWorker worker : this.all) {
			if (worker.awaitStopped(deadlineNanos)) {
				this.runner.keeper.releaseHeld(worker);
			}
			else {
				logger.warn("{} '{}' worker {} is still handling {} at shutdown; its lease is left to expire",
						this.runner.delivery.kind(), this.runner.name, worker.partition, worker.handlingNow());
			}
		}
	}

	/**
	 * @return the workers that hold a lease here
	 */
	List<ConsumerWorker> holdingLeases() {
		List<ConsumerWorker> held = new ArrayList<>();
		for (ConsumerWorker worker : this.all) {
			if (worker.lease.get() != null) {
				held.add(worker);
			}
		}
		return held;
	}

	/**
	 * Makes the running workers whose stored offset moved back under them (a rebuild on
	 * another instance) read it again.
	 * @param positions the consumer's positions
	 * @param stored the consumer's stored offsets
	 */
	void reloadMovedBack(Positions positions, List<Offset> stored) {
		for (ConsumerWorker worker : this.all) {
			if (worker.isRunning() && positions.storedPosition(worker, stored) < worker.committed) {
				worker.reload = true;
				this.signal.wakeAll();
			}
		}
	}

	/**
	 * @return the worker whose range holds a slice
	 */
	ConsumerWorker of(int slice) {
		for (ConsumerWorker worker : this.all) {
			if (worker.range.contains(slice)) {
				return worker;
			}
		}
		throw new IllegalArgumentException("slice must be in [0, " + PersistedEvent.SLICE_COUNT + ") but was " + slice);
	}

}
