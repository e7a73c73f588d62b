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
 * @param pullInterval how long an idle worker waits before reading again (local writes wake it at once)
 * @param recovery what to do when the handler fails
 * @param retries attempts after the first one, for the retry policies ({@code >= 0})
 * @param retryDelay the delay before the first retry; doubled for each further retry, up to 30 s
 * @param transactional whether the handler and the offset commit run in one transaction per batch (exactly-once
 * for read models in the same database), which needs a {@link ProjectionTransactions}
 * @param autoStart whether the projection starts with the engine (a paused projection stays paused)
 * @param startFrom where a projection without any offset starts reading: the journal's beginning, or its end at the
 * projection's first start (for a new read model that only needs what happens from now on)
 * @author eGo team
 * @since 0.1.0
 */
public record ProjectionSettings(int parallelism, int bufferSize, Duration pullInterval, RecoveryPolicy recovery,
		int retries, Duration retryDelay, boolean transactional, boolean autoStart, StartFrom startFrom) {

	private static final ProjectionSettings DEFAULTS = new ProjectionSettings(1, 500, Duration.ofSeconds(1),
			RecoveryPolicy.FAIL, 3, Duration.ofSeconds(1), false, true, StartFrom.BEGINNING);

	public ProjectionSettings {
		Objects.requireNonNull(pullInterval, "pullInterval");
		Objects.requireNonNull(recovery, "recovery");
		Objects.requireNonNull(retryDelay, "retryDelay");
		Objects.requireNonNull(startFrom, "startFrom");
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
	}

	/** @return the defaults: 1 worker, 500 events per read, 1 s pull interval, policy FAIL, 3 retries of 1 s */
	public static ProjectionSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * @param value the number of workers
	 * @return a copy with that setting
	 */
	public ProjectionSettings withParallelism(int value) {
		return new ProjectionSettings(value, this.bufferSize, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, this.startFrom);
	}

	/**
	 * @param value events per read
	 * @return a copy with that setting
	 */
	public ProjectionSettings withBufferSize(int value) {
		return new ProjectionSettings(this.parallelism, value, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, this.startFrom);
	}

	/**
	 * @param value the pull interval
	 * @return a copy with that setting
	 */
	public ProjectionSettings withPullInterval(Duration value) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, value, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, this.startFrom);
	}

	/**
	 * @param policy the recovery policy
	 * @param retries attempts after the first (retry policies)
	 * @param retryDelay the first retry's delay, doubled each time
	 * @return a copy with those settings
	 */
	public ProjectionSettings withRecovery(RecoveryPolicy policy, int retries, Duration retryDelay) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, this.pullInterval, policy, retries, retryDelay,
				this.transactional, this.autoStart, this.startFrom);
	}

	/**
	 * @param value whether handler and offset commit share a transaction
	 * @return a copy with that setting
	 */
	public ProjectionSettings withTransactional(boolean value) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, value, this.autoStart, this.startFrom);
	}

	/**
	 * @param value where a projection without offsets starts reading
	 * @return a copy with that setting
	 */
	public ProjectionSettings withStartFrom(StartFrom value) {
		return new ProjectionSettings(this.parallelism, this.bufferSize, this.pullInterval, this.recovery, this.retries,
				this.retryDelay, this.transactional, this.autoStart, value);
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
				this.retryDelay, this.transactional, value, this.startFrom);
	}

}
