package io.ego.core.saga;

import java.time.Duration;
import java.util.Objects;

import io.ego.core.EngineConfigurationException;

/**
 * How a saga runs its steps and timers.
 *
 * @param stepTimeout how long a step's attempt waits for an outcome before it is sent
 * again (same command id)
 * @param maxAttempts the most attempts of a step, at least 1
 * @param backoffMin the delay before the second attempt after a failure
 * @param backoffMax the longest delay between attempts (the delay doubles up to it)
 * @param parallelism the journal readers feeding the saga (by slice range)
 * @param historySize the history entries kept per instance
 * @param timerPollInterval how often due timers are looked for
 * @author eGo team
 * @since 0.2.0
 */
public record SagaSettings(Duration stepTimeout, int maxAttempts, Duration backoffMin, Duration backoffMax,
		int parallelism, int historySize, Duration timerPollInterval) {

	private static final SagaSettings DEFAULTS = new SagaSettings(Duration.ofSeconds(10), 5, Duration.ofMillis(200),
			Duration.ofSeconds(10), 1, 50, Duration.ofMillis(200));

	public SagaSettings {
		positive("step-timeout", stepTimeout);
		positive("backoff-min", backoffMin);
		positive("backoff-max", backoffMax);
		positive("timer-poll-interval", timerPollInterval);
		if (maxAttempts < 1) {
			throw new EngineConfigurationException("saga max-attempts must be >= 1 but was " + maxAttempts);
		}
		if (parallelism < 1) {
			throw new EngineConfigurationException("saga parallelism must be >= 1 but was " + parallelism);
		}
		if (historySize < 1) {
			throw new EngineConfigurationException("saga history-size must be >= 1 but was " + historySize);
		}
		if (backoffMax.compareTo(backoffMin) < 0) {
			throw new EngineConfigurationException(
					"saga backoff-max (" + backoffMax + ") must not be below backoff-min (" + backoffMin + ")");
		}
	}

	private static void positive(String name, Duration value) {
		Objects.requireNonNull(value, name);
		if (value.isNegative() || value.isZero()) {
			throw new EngineConfigurationException("saga " + name + " must be positive but was " + value);
		}
	}

	/**
	 * @return the defaults: steps time out after 10 s, 5 attempts, back-off from 200 ms
	 * to 10 s, 1 reader, 50 history entries, timers looked for every 200 ms
	 */
	public static SagaSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * @param value the step timeout
	 * @return a copy with that setting
	 */
	public SagaSettings withStepTimeout(Duration value) {
		return new SagaSettings(value, this.maxAttempts, this.backoffMin, this.backoffMax, this.parallelism,
				this.historySize, this.timerPollInterval);
	}

	/**
	 * @param value the most attempts of a step
	 * @return a copy with that setting
	 */
	public SagaSettings withMaxAttempts(int value) {
		return new SagaSettings(this.stepTimeout, value, this.backoffMin, this.backoffMax, this.parallelism,
				this.historySize, this.timerPollInterval);
	}

	/**
	 * @param min the first delay
	 * @param max the longest delay
	 * @return a copy with that setting
	 */
	public SagaSettings withBackoff(Duration min, Duration max) {
		return new SagaSettings(this.stepTimeout, this.maxAttempts, min, max, this.parallelism, this.historySize,
				this.timerPollInterval);
	}

	/**
	 * @param value the journal readers
	 * @return a copy with that setting
	 */
	public SagaSettings withParallelism(int value) {
		return new SagaSettings(this.stepTimeout, this.maxAttempts, this.backoffMin, this.backoffMax, value,
				this.historySize, this.timerPollInterval);
	}

	/**
	 * @param value the history entries kept
	 * @return a copy with that setting
	 */
	public SagaSettings withHistorySize(int value) {
		return new SagaSettings(this.stepTimeout, this.maxAttempts, this.backoffMin, this.backoffMax, this.parallelism,
				value, this.timerPollInterval);
	}

	/**
	 * @param value how often due timers are looked for
	 * @return a copy with that setting
	 */
	public SagaSettings withTimerPollInterval(Duration value) {
		return new SagaSettings(this.stepTimeout, this.maxAttempts, this.backoffMin, this.backoffMax, this.parallelism,
				this.historySize, value);
	}

	/**
	 * @param attempt the attempt that failed, from 1
	 * @return the delay before the next one
	 */
	public Duration backoff(int attempt) {
		Duration delay = this.backoffMin;
		for (int i = 1; i < attempt && delay.compareTo(this.backoffMax) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.backoffMax) > 0) ? this.backoffMax : delay;
	}

}
