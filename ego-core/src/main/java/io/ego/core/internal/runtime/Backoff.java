package io.ego.core.internal.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A back-off policy: how long a retry loop waits before its {@code n}-th retry. The delay
 * starts at {@code initial} and grows by {@code multiplier} per attempt, up to
 * {@code max}: {@code delayAfter(n) = min(max, initial ×
 * multiplier^(n-1))}. A zero initial delay retries at once the first time and then grows
 * from one millisecond, so that no loop retrying an outage spins. With a {@code jitter}
 * fraction {@code j > 0} each delay is shortened by a random share of up to {@code j} of
 * it, so that retries of many callers spread out.
 *
 * @param initial the delay before the first retry, {@code >= 0}
 * @param max the longest delay, {@code >= initial}
 * @param multiplier the growth per attempt, {@code >= 1}
 * @param jitter the random share a delay may be shortened by, in {@code [0, 1)};
 * {@code 0} for none
 * @author eGo team
 * @since 0.1.0
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

	/** The longest delay of the engine's retry loops. */
	public static final Duration MAX_DELAY = Duration.ofSeconds(30);

	/**
	 * The back-off of a consumer's worker across store outages (reading its offset or the
	 * journal, committing).
	 */
	public static final Backoff OUTAGE = exponential(Duration.ofMillis(100));

	private static final long ONE_MILLI = 1_000_000L;

	public Backoff {
		if (initial.isNegative() || max.compareTo(initial) < 0) {
			throw new IllegalArgumentException(
					"a back-off needs 0 <= initial <= max but was " + initial + " and " + max);
		}
		if (!(multiplier >= 1) || !(jitter >= 0 && jitter < 1)) {
			throw new IllegalArgumentException(
					"a back-off needs multiplier >= 1 and jitter in [0, 1) but was " + multiplier + " and " + jitter);
		}
	}

	/**
	 * Returns the back-off that doubles from a first delay up to {@link #MAX_DELAY},
	 * without jitter.
	 * @param initial the first delay
	 * @return the back-off
	 */
	public static Backoff exponential(Duration initial) {
		return new Backoff(initial, (initial.compareTo(MAX_DELAY) > 0) ? initial : MAX_DELAY, 2, 0);
	}

	/**
	 * Returns the same back-off with jitter.
	 * @param fraction the random share a delay may be shortened by, in {@code [0, 1)}
	 * @return the back-off
	 */
	public Backoff withJitter(double fraction) {
		return new Backoff(this.initial, this.max, this.multiplier, fraction);
	}

	/**
	 * Returns the delay before a retry.
	 * @param attempt the retry's number: {@code 1} for the first retry (after the first
	 * failure)
	 * @return the delay, between {@code 0} and {@link #max()}
	 */
	public Duration delayAfter(int attempt) {
		if (attempt < 1) {
			throw new IllegalArgumentException("attempt must be >= 1 but was " + attempt);
		}
		long maxNanos = this.max.toNanos();
		long base = this.initial.toNanos();
		int growth = attempt - 1;
		if (base == 0) {
			if (attempt == 1) {
				return Duration.ZERO;
			}
			base = Math.min(ONE_MILLI, maxNanos);
			growth = attempt - 2;
		}
		double nanos = base * Math.pow(this.multiplier, growth);
		long delay = (nanos >= maxNanos) ? maxNanos : (long) nanos;
		if (this.jitter > 0 && delay > 0) {
			delay -= (long) (delay * this.jitter * ThreadLocalRandom.current().nextDouble());
		}
		return Duration.ofNanos(delay);
	}

}
