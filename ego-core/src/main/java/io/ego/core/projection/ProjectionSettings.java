package io.ego.core.projection;

import java.time.Duration;
import java.util.Objects;

import io.ego.core.EngineConfigurationException;
import io.ego.core.store.PersistedEvent;

/**
 * Settings of one projection. Immutable; derive variants with the {@code with*} methods.
 *
 * @param parallelism workers, each reading its own range of slices (1 to 1024)
 * @param bufferSize events read per query, positive
 * @param pullInterval how long an idle worker waits before reading again (local writes
 * wake it at once)
 * @param recovery what to do when the handler fails
 * @param retries attempts after the first one, for the retry policies ({@code >= 0})
 * @param retryDelay the delay before the first retry; doubled for each further retry, up
 * to 30 s
 * @param transactional whether the handler and the offset commit run in one transaction
 * per batch (exactly-once for read models in the same database), which needs a
 * {@link ProjectionTransactions}
 * @param autoStart whether the projection starts with the engine (a paused projection
 * stays paused)
 * @param startFrom where a projection without any offset starts reading: the journal's
 * beginning, or its end at the projection's first start (for a new read model that only
 * needs what happens from now on)
 * @param leaseDuration how long an instance holds a worker's lease without renewing it:
 * after a crash, another instance takes the worker over within this time (plus a renewal
 * interval)
 * @param leaseRenewInterval how often an instance renews its workers' leases, takes over
 * expired ones and rebalances workers among the instances; at most half the lease
 * duration, so that one missed renewal does not lose a lease
 * @author eGo team
 * @since 0.1.0
 */
public record ProjectionSettings(int parallelism, int bufferSize, Duration pullInterval, RecoveryPolicy recovery,
		int retries, Duration retryDelay, boolean transactional, boolean autoStart, StartFrom startFrom,
		Duration leaseDuration, Duration leaseRenewInterval) {

	/** The default {@link #leaseDuration()}: 20 seconds. */
	public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(20);

	/** The default {@link #leaseRenewInterval()}: 5 seconds. */
	public static final Duration DEFAULT_LEASE_RENEW_INTERVAL = Duration.ofSeconds(5);

	private static final ProjectionSettings DEFAULTS = new ProjectionSettings(1, 500, Duration.ofSeconds(1),
			RecoveryPolicy.FAIL, 3, Duration.ofSeconds(1), false, true, StartFrom.BEGINNING);

	/**
	 * Validates the settings.
	 * @throws EngineConfigurationException naming the setting that is out of range
	 */
	public ProjectionSettings {
		Objects.requireNonNull(pullInterval, "pullInterval");
		Objects.requireNonNull(recovery, "recovery");
		Objects.requireNonNull(retryDelay, "retryDelay");
		Objects.requireNonNull(startFrom, "startFrom");
		Objects.requireNonNull(leaseDuration, "leaseDuration");
		Objects.requireNonNull(leaseRenewInterval, "leaseRenewInterval");
		if (parallelism < 1 || parallelism > PersistedEvent.SLICE_COUNT) {
			throw new EngineConfigurationException(
					"parallelism must be between 1 and " + PersistedEvent.SLICE_COUNT + " but was " + parallelism);
		}
		if (bufferSize <= 0) {
			throw new EngineConfigurationException("buffer-size must be positive but was " + bufferSize);
		}
		if (pullInterval.isNegative() || pullInterval.isZero()) {
			throw new EngineConfigurationException("pull-interval must be positive but was " + pullInterval);
		}
		if (retries < 0) {
			throw new EngineConfigurationException("recovery.retries must be >= 0 but was " + retries);
		}
		if (retryDelay.isNegative()) {
			throw new EngineConfigurationException("recovery.retry-delay must be >= 0 but was " + retryDelay);
		}
		if (leaseDuration.isNegative() || leaseDuration.isZero()) {
			throw new EngineConfigurationException("lease.duration must be positive but was " + leaseDuration);
		}
		if (leaseRenewInterval.isNegative() || leaseRenewInterval.isZero()) {
			throw new EngineConfigurationException(
					"lease.renew-interval must be positive but was " + leaseRenewInterval);
		}
		if (leaseRenewInterval.multipliedBy(2).compareTo(leaseDuration) > 0) {
			throw new EngineConfigurationException("lease.renew-interval must be at most half of lease.duration ("
					+ leaseDuration + ") but was " + leaseRenewInterval);
		}
	}

	/**
	 * Creates settings with the default lease timings ({@link #DEFAULT_LEASE_DURATION},
	 * {@link #DEFAULT_LEASE_RENEW_INTERVAL}).
	 * @param parallelism workers
	 * @param bufferSize events per read
	 * @param pullInterval the idle wait
	 * @param recovery the recovery policy
	 * @param retries attempts after the first
	 * @param retryDelay the first retry's delay
	 * @param transactional whether handler and offset commit share a transaction
	 * @param autoStart whether the projection starts with the engine
	 * @param startFrom where a projection without offsets starts
	 */
	public ProjectionSettings(int parallelism, int bufferSize, Duration pullInterval, RecoveryPolicy recovery,
			int retries, Duration retryDelay, boolean transactional, boolean autoStart, StartFrom startFrom) {
		this(parallelism, bufferSize, pullInterval, recovery, retries, retryDelay, transactional, autoStart, startFrom,
				DEFAULT_LEASE_DURATION, DEFAULT_LEASE_RENEW_INTERVAL);
	}

	/**
	 * @return the defaults: 1 worker, 500 events per read, 1 s pull interval, policy
	 * FAIL, 3 retries of 1 s, leases of 20 s renewed every 5 s
	 */
	public static ProjectionSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * @param value the number of workers
	 * @return a copy with that setting
	 */
	public ProjectionSettings withParallelism(int value) {
		return new ProjectionSettings(value, this.bufferSize, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, this.startFrom, this.leaseDuration,
				this.leaseRenewInterval);
	}

	/**
	 * @param value events per read
	 * @return a copy with that setting
	 */
	public ProjectionSettings withBufferSize(int value) {
		return new ProjectionSettings(this.parallelism, value, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, this.startFrom, this.leaseDuration,
				this.leaseRenewInterval);
	}

	/**
	 * @param value the pull interval
	 * @return a copy with that setting
	 */
	public ProjectionSettings withPullInterval(Duration value) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, value, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, this.startFrom, this.leaseDuration,
				this.leaseRenewInterval);
	}

	/**
	 * @param policy the recovery policy
	 * @param retries attempts after the first (retry policies)
	 * @param retryDelay the first retry's delay, doubled each time
	 * @return a copy with those settings
	 */
	public ProjectionSettings withRecovery(RecoveryPolicy policy, int retries, Duration retryDelay) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, this.pullInterval, policy, retries, retryDelay,
				this.transactional, this.autoStart, this.startFrom, this.leaseDuration, this.leaseRenewInterval);
	}

	/**
	 * @param value whether handler and offset commit share a transaction
	 * @return a copy with that setting
	 */
	public ProjectionSettings withTransactional(boolean value) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, value, this.autoStart, this.startFrom, this.leaseDuration, this.leaseRenewInterval);
	}

	/**
	 * @param value where a projection without offsets starts reading
	 * @return a copy with that setting
	 */
	public ProjectionSettings withStartFrom(StartFrom value) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, value, this.leaseDuration,
				this.leaseRenewInterval);
	}

	/**
	 * @param duration how long a worker's lease lasts without renewal
	 * @param renewInterval how often leases are renewed and workers rebalanced, at most
	 * half of {@code duration}
	 * @return a copy with those settings
	 */
	public ProjectionSettings withLease(Duration duration, Duration renewInterval) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, this.startFrom, duration, renewInterval);
	}

	/** Where a projection without any offset starts reading the journal. */
	public enum StartFrom {

		/** From the first event. */
		BEGINNING,

		/** From the journal's head at the projection's first start. */
		END

	}

	/**
	 * @param value whether the projection starts with the engine
	 * @return a copy with that setting
	 */
	public ProjectionSettings withAutoStart(boolean value) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, this.transactional, value, this.startFrom, this.leaseDuration,
				this.leaseRenewInterval);
	}

}
