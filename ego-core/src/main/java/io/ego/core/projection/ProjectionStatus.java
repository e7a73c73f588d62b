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
 * @param workers one entry per worker (slice range), whichever instance runs it
 * @param failure why it stopped on this instance, when {@link State#FAILED}
 * @author eGo team
 * @since 0.1.0
 */
public record ProjectionStatus(String name, State state, ProjectionSettings settings, List<Worker> workers,
		@Nullable String failure) {

	/**
	 * @return the largest lag in events over the workers
	 */
	public long lagEvents() {
		return this.workers.stream().mapToLong(Worker::lagEvents).max().orElse(0);
	}

	/**
	 * @return the largest lag in time over the workers
	 */
	public Duration lagTime() {
		return this.workers.stream().map(Worker::lagTime).max(Duration::compareTo).orElse(Duration.ZERO);
	}

	/** What a projection is doing. */
	public enum State {

		/**
		 * Reading and handling events: this instance runs the workers whose leases it
		 * holds (all of them without other instances on the same offset store).
		 */
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
	 *
	 * @param partition the worker's offset key: its slice range {@code "min-max"}
	 * @param minSlice the lowest slice it reads
	 * @param maxSlice the highest slice it reads
	 * @param committedPosition the position of the last event it handled and committed
	 * @param lagEvents the events of the worker's slices not yet handled (counted up to
	 * 100,000); 0 when caught up
	 * @param lagTime now minus the write time of the oldest event not yet handled, zero
	 * when caught up
	 * @param owner the id of the application instance holding the worker's lease (the one
	 * that runs it), or {@code null} when no instance holds it (the projection is stopped
	 * everywhere, or its lease expired)
	 */
	public record Worker(String partition, int minSlice, int maxSlice, long committedPosition, long lagEvents,
			Duration lagTime, @Nullable String owner) {

		/**
		 * Creates a worker's status without an owner.
		 * @param partition its slice range
		 * @param minSlice the lowest slice it reads
		 * @param maxSlice the highest slice it reads
		 * @param committedPosition the position of the last event it committed
		 * @param lagEvents events not yet handled
		 * @param lagTime age of the oldest event not yet handled
		 */
		public Worker(String partition, int minSlice, int maxSlice, long committedPosition, long lagEvents,
				Duration lagTime) {
			this(partition, minSlice, maxSlice, committedPosition, lagEvents, lagTime, null);
		}

	}

}
