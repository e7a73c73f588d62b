package io.ego.spring.boot.autoconfigure;

import java.time.Duration;

import io.ego.core.saga.SagaSettings;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one saga, bound to {@code ego.sagas.<name>}. A setting left unset
 * ({@code null}) takes its value from {@link SagaSettings#defaults()}.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class SagaProperties {

	/**
	 * How long an attempt of a step waits for its outcome before the step is sent again
	 * (with the same command id, so the target deduplicates it).
	 */
	private @Nullable Duration stepTimeout;

	/**
	 * The most attempts of a step (at least 1); then the step fails, or ends the saga
	 * FAILED when the last attempt's outcome is unknown.
	 */
	private @Nullable Integer maxAttempts;

	/**
	 * The delay before the second attempt of a failed step; it doubles up to backoff-max.
	 */
	private @Nullable Duration backoffMin;

	/**
	 * The longest delay between attempts of a step.
	 */
	private @Nullable Duration backoffMax;

	/**
	 * Journal readers feeding the saga, each over its own range of slices.
	 */
	private @Nullable Integer parallelism;

	/**
	 * History entries kept per saga instance.
	 */
	private @Nullable Integer historySize;

	/**
	 * How often due saga timers are looked for.
	 */
	private @Nullable Duration timerPollInterval;

	/**
	 * @return the settings, the defaults where unset
	 */
	public SagaSettings toSettings() {
		SagaSettings defaults = SagaSettings.defaults();
		return new SagaSettings(or(this.stepTimeout, defaults.stepTimeout()),
				or(this.maxAttempts, defaults.maxAttempts()), or(this.backoffMin, defaults.backoffMin()),
				or(this.backoffMax, defaults.backoffMax()), or(this.parallelism, defaults.parallelism()),
				or(this.historySize, defaults.historySize()), or(this.timerPollInterval, defaults.timerPollInterval()));
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	public @Nullable Duration getStepTimeout() {
		return this.stepTimeout;
	}

	public void setStepTimeout(@Nullable Duration stepTimeout) {
		this.stepTimeout = stepTimeout;
	}

	public @Nullable Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(@Nullable Integer maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public @Nullable Duration getBackoffMin() {
		return this.backoffMin;
	}

	public void setBackoffMin(@Nullable Duration backoffMin) {
		this.backoffMin = backoffMin;
	}

	public @Nullable Duration getBackoffMax() {
		return this.backoffMax;
	}

	public void setBackoffMax(@Nullable Duration backoffMax) {
		this.backoffMax = backoffMax;
	}

	public @Nullable Integer getParallelism() {
		return this.parallelism;
	}

	public void setParallelism(@Nullable Integer parallelism) {
		this.parallelism = parallelism;
	}

	public @Nullable Integer getHistorySize() {
		return this.historySize;
	}

	public void setHistorySize(@Nullable Integer historySize) {
		this.historySize = historySize;
	}

	public @Nullable Duration getTimerPollInterval() {
		return this.timerPollInterval;
	}

	public void setTimerPollInterval(@Nullable Duration timerPollInterval) {
		this.timerPollInterval = timerPollInterval;
	}

}
