package io.ego.core.projection;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A projection as it runs now.
 *
 * @param name the projection's name
 * @param state what it is doing
 * @param settings its settings
 * @param workers one entry per worker (slice range)
 * @param failure why it stopped, when {@link State#FAILED}
 * @author eGo team
 * @since 0.1.0
 */
public record ProjectionStatus(String name, State state, ProjectionSettings settings, List<Worker> workers,
		@Nullable String failure) {

	/** @return the largest lag in events over the workers */
	public long lagEvents() {
		return this.workers.stream().mapToLong(Worker::lagEvents).max().orElse(0);
	}

	/** @return the largest lag in time over the workers */
	public Duration lagTime() {
		return this.workers.stream().map(Worker::lagTime).max(Duration::compareTo).orElse(Duration.ZERO);
	}

	/** What a projection is doing. */
	public enum State {

		/** Reading and handling events. */
		RUNNING,

		/** Paused by an operator; stays paused across restarts until resumed. */
		PAUSED,

		/** Not running (never started, or stopped). */
		STOPPED,

		/** Stopped by a handler failure (policies FAIL and RETRY_AND_FAIL). */
		FAILED

	}

	/**
	 * One worker of a projection.
	 * @param partition the worker's offset key: its slice range {@code "min-max"}
	 * @param minSlice the lowest slice it reads
	 * @param maxSlice the highest slice it reads
	 * @param committedPosition the position of the last event it handled and committed
	 * @param lagEvents events not yet handled, counted as the positions from the oldest unhandled event of the
	 * worker's slices to the journal's head (an upper bound when other slices wrote in between); 0 when caught up
	 * @param lagTime now minus the write time of the oldest event not yet handled, zero when caught up
	 */
	public record Worker(String partition, int minSlice, int maxSlice, long committedPosition, long lagEvents,
			Duration lagTime) {
	}

}
