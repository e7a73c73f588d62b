package io.ego.spring.boot.autoconfigure;

import java.time.Duration;

import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionSettings.StartFrom;
import io.ego.core.projection.RecoveryPolicy;
import org.jspecify.annotations.Nullable;

import static java.util.Objects.requireNonNullElse;

/**
 * Settings of projections, bound both to {@code ego.projection-defaults} and to each
 * {@code ego.projections.<name>}. A setting left unset ({@code null}) takes its value
 * from the defaults group, then from {@link ProjectionSettings#defaults()}: the engine's
 * defaults are the only defaults.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class ProjectionProperties {

	/**
	 * Whether the projection is registered at all; a disabled projection never runs and
	 * does not hold back retention.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Workers per projection, each reading its own range of the 1024 slices (1 to 1024).
	 */
	private @Nullable Integer parallelism;

	/**
	 * Events a worker reads from the journal per query.
	 */
	private @Nullable Integer bufferSize;

	/**
	 * How long an idle worker waits before reading the journal again; events written on
	 * this node wake it at once.
	 */
	private @Nullable Duration pullInterval;

	private final Recovery recovery = new Recovery();

	/**
	 * Whether the handler's writes and the offset commit run in one transaction of the
	 * application's transaction manager (exactly-once for read models in the same
	 * database).
	 */
	private @Nullable Boolean transactional;

	/**
	 * Whether the projection starts with the application (a paused projection stays
	 * paused).
	 */
	private @Nullable Boolean autoStart;

	/**
	 * Where a projection without any offset starts reading: the journal's beginning, or
	 * its end at the projection's first start.
	 */
	private @Nullable StartFrom startFrom;

	private final Lease lease = new Lease();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getParallelism() {
		return this.parallelism;
	}

	public void setParallelism(@Nullable Integer parallelism) {
		this.parallelism = parallelism;
	}

	public @Nullable Integer getBufferSize() {
		return this.bufferSize;
	}

	public void setBufferSize(@Nullable Integer bufferSize) {
		this.bufferSize = bufferSize;
	}

	public @Nullable Duration getPullInterval() {
		return this.pullInterval;
	}

	public void setPullInterval(@Nullable Duration pullInterval) {
		this.pullInterval = pullInterval;
	}

	public Recovery getRecovery() {
		return this.recovery;
	}

	public @Nullable Boolean getTransactional() {
		return this.transactional;
	}

	public void setTransactional(@Nullable Boolean transactional) {
		this.transactional = transactional;
	}

	public @Nullable Boolean getAutoStart() {
		return this.autoStart;
	}

	public void setAutoStart(@Nullable Boolean autoStart) {
		this.autoStart = autoStart;
	}

	public @Nullable StartFrom getStartFrom() {
		return this.startFrom;
	}

	public void setStartFrom(@Nullable StartFrom startFrom) {
		this.startFrom = startFrom;
	}

	public Lease getLease() {
		return this.lease;
	}

	/**
	 * Returns the settings with each setting given here replacing the one of
	 * {@code base}.
	 * @param base the settings of the unset properties
	 * @return the merged settings
	 * @throws io.ego.core.EngineConfigurationException when a value is out of range
	 */
	ProjectionSettings applyTo(ProjectionSettings base) {
		return new ProjectionSettings(requireNonNullElse(this.parallelism, base.parallelism()),
				requireNonNullElse(this.bufferSize, base.bufferSize()),
				requireNonNullElse(this.pullInterval, base.pullInterval()),
				requireNonNullElse(this.recovery.policy, base.recovery()),
				requireNonNullElse(this.recovery.retries, base.retries()),
				requireNonNullElse(this.recovery.retryDelay, base.retryDelay()),
				requireNonNullElse(this.transactional, base.transactional()),
				requireNonNullElse(this.autoStart, base.autoStart()),
				requireNonNullElse(this.startFrom, base.startFrom()),
				requireNonNullElse(this.lease.duration, base.leaseDuration()),
				requireNonNullElse(this.lease.renewInterval, base.leaseRenewInterval()));
	}

	/**
	 * What a projection does when its handler fails on an event.
	 */
	public static final class Recovery {

		/**
		 * Policy on a handler failure: fail (stop the projection), skip (dead-letter the
		 * event), retry-and-fail or retry-and-skip.
		 */
		private @Nullable RecoveryPolicy policy;

		/**
		 * Attempts after the first one, for the retry policies.
		 */
		private @Nullable Integer retries;

		/**
		 * Delay before the first retry, doubled for each further retry up to 30 seconds.
		 */
		private @Nullable Duration retryDelay;

		public @Nullable RecoveryPolicy getPolicy() {
			return this.policy;
		}

		public void setPolicy(@Nullable RecoveryPolicy policy) {
			this.policy = policy;
		}

		public @Nullable Integer getRetries() {
			return this.retries;
		}

		public void setRetries(@Nullable Integer retries) {
			this.retries = retries;
		}

		public @Nullable Duration getRetryDelay() {
			return this.retryDelay;
		}

		public void setRetryDelay(@Nullable Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

	}

	/**
	 * Leases of projection workers, which make each worker run on one application
	 * instance among those sharing the offset store.
	 */
	public static final class Lease {

		/**
		 * How long an instance holds a worker's lease without renewing it; after a crash,
		 * another instance takes the worker over within this time plus a renewal
		 * interval.
		 */
		private @Nullable Duration duration;

		/**
		 * How often an instance renews its leases, takes over expired ones and balances
		 * workers with the other instances; at most half the lease duration.
		 */
		private @Nullable Duration renewInterval;

		public @Nullable Duration getDuration() {
			return this.duration;
		}

		public void setDuration(@Nullable Duration duration) {
			this.duration = duration;
		}

		public @Nullable Duration getRenewInterval() {
			return this.renewInterval;
		}

		public void setRenewInterval(@Nullable Duration renewInterval) {
			this.renewInterval = renewInterval;
		}

	}

}
