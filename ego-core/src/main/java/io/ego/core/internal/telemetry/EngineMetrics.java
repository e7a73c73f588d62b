package io.ego.core.internal.telemetry;

import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.ego.core.projection.ProjectionStatus;
import io.ego.core.saga.SagaStatus;
import org.jspecify.annotations.Nullable;

/**
 * The engine's meters that are not observations (counters, gauges, a distribution).
 * Implemented with Micrometer by {@link MicrometerEngineMetrics} when a meter registry is
 * given; {@link #NOOP} otherwise, so that micrometer-core stays optional.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface EngineMetrics {

	/** No meters. */
	EngineMetrics NOOP = new EngineMetrics() {
	};

	/**
	 * Returns the meters of an entity type and registers its live-entities gauge.
	 * @param entityType the type name
	 * @param liveEntities how many entities are live
	 * @return the type's meters
	 */
	default EntityMetrics entityType(String entityType, IntSupplier liveEntities) {
		return EntityMetrics.NOOP;
	}

	/**
	 * Registers a projection's (or publisher's) lag gauges per worker and returns its
	 * meters.
	 * @param name the projection's (or publisher's) name
	 * @param version the version of the projection (1 for a publisher): a blue/green
	 * rebuild's shadow has meters of its own, tagged with its version
	 * @param status reads its current status (the gauges read it at most once a second)
	 * @return the projection's meters
	 */
	default ProjectionMetrics projection(String name, int version, Supplier<ProjectionStatus> status) {
		return ProjectionMetrics.NOOP;
	}

	/**
	 * Registers a saga's gauges: its instances by status and its overdue timers.
	 * @param saga the saga's name
	 * @param instances reads its instances by status (the gauges read it at most every
	 * few seconds: it queries the saga index store)
	 * @param overdueTimers reads how many of its timers are overdue (likewise)
	 * @return what removes the gauges
	 */
	default AutoCloseable saga(String saga, Supplier<Map<SagaStatus, Long>> instances, LongSupplier overdueTimers) {
		return () -> {
		};
	}

	/** Meters of one projection (or publisher). */
	interface ProjectionMetrics {

		/** No meters. */
		ProjectionMetrics NOOP = new ProjectionMetrics() {
		};

		/**
		 * A batch of a transactional projection was rolled back (a handler failed); its
		 * events are handled again one transaction each.
		 * @param worker the worker's partition (slice range)
		 */
		default void batchFailed(String worker) {
		}

		/**
		 * Removes the meters: the projection's version was retired (blue/green rebuild).
		 */
		default void close() {
		}

	}

	/** Meters of one entity type. */
	interface EntityMetrics {

		/** No meters. */
		EntityMetrics NOOP = new EntityMetrics() {
		};

		/**
		 * A command was answered, when commands are timed by meters instead of
		 * observations ({@link Telemetry#timesCommands()}).
		 * @param commandType the command's protobuf full name
		 * @param outcome {@code accepted}, {@code rejected}, {@code failed} or
		 * {@code unknown}
		 * @param error why it failed, or {@code null}
		 * @param nanos the time from the ask to the reply
		 */
		default void commandCompleted(String commandType, String outcome, @Nullable Throwable error, long nanos) {
		}

		/**
		 * A write of the entity's events or state ended, when writes are timed by meters
		 * instead of observations.
		 * @param outcome {@code success} or {@code failure}
		 * @param error why it failed, or {@code null}
		 * @param nanos how long it took
		 */
		default void persistCompleted(String outcome, @Nullable Throwable error, long nanos) {
		}

		/** An entity was activated. */
		default void activated() {
		}

		/** An entity was passivated. */
		default void passivated() {
		}

		/**
		 * A journal write succeeded.
		 * @param events events written
		 */
		default void persisted(int events) {
		}

		/**
		 * A write conflicted with another writer; its commands are decided again against
		 * the reloaded state.
		 */
		default void conflictRetried() {
		}

		/**
		 * Recovery discarded a snapshot and replayed events instead.
		 * @param reason {@code state-type} or {@code state-revision}
		 */
		default void snapshotDiscarded(String reason) {
		}

	}

}
