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
 * @param activeVersion the version that serves: the one queries read (1 until a
 * blue/green rebuild switched over; always 1 for a publisher)
 * @param shadow the version being rebuilt beside it by a blue/green rebuild, or
 * {@code null}
 * @author eGo team
 * @since 0.1.0
 */
public record ProjectionStatus(String name, State state, ProjectionSettings settings, List<Worker> workers,
		@Nullable String failure, int activeVersion, @Nullable Shadow shadow) {

	/**
	 * Creates the status of a projection at version 1 without a blue/green rebuild.
	 * @param name the projection's name
	 * @param state what it is doing
	 * @param settings its settings
	 * @param workers its workers
	 * @param failure why it stopped, when failed
	 */
	public ProjectionStatus(String name, State state, ProjectionSettings settings, List<Worker> workers,
			@Nullable String failure) {
		this(name, state, settings, workers, failure, 1, null);
	}

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

	/**
	 * The version a blue/green rebuild is building beside the active one; it becomes the
	 * active version once its lag is 0.
	 *
	 * @param version its version, the active one plus 1
	 * @param state what it is doing on this instance
	 * @param workers its workers, with their lag
	 * @since 0.2.0
	 */
	public record Shadow(int version, State state, List<Worker> workers) {

		/**
		 * @return the largest lag in events over its workers
		 */
		public long lagEvents() {
			return this.workers.stream().mapToLong(Worker::lagEvents).max().orElse(0);
		}

	}

}
