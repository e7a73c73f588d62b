package io.ego.core.internal.entity;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ego.core.RecoveryFailedException;
import io.ego.core.internal.runtime.Backoff;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An entity's recovery back-off: after a failed recovery the next attempt waits 50 ms,
 * doubling up to 1 s with consecutive failures, so that a failing store is not hit in a
 * loop; one wake-up is scheduled for when the next attempt is due. Owner thread only, but
 * for the wake-up flag.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class RecoveryBackoff {

	private static final Logger logger = LoggerFactory.getLogger(Cell.class);

	private static final Backoff POLICY = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0);

	/**
	 * How often recovery reads the store before it fails (a store failure may be a stale
	 * pooled connection).
	 */
	static final int READ_ATTEMPTS = 3;

	private final String persistenceId;

	private final Mailbox<?> mailbox;

	private final ScheduledExecutorService timer;

	private final Runnable wakeUp;

	/** The last failure while backing off, else {@code null}. */
	private @Nullable RecoveryFailedException failure;

	/** Consecutive failures. */
	private int failures;

	/** When recovery may be tried again ({@link System#nanoTime()}). */
	private long retryAt;

	/** Whether a wake-up for the next attempt is scheduled. */
	private volatile boolean wakeUpScheduled;

	/**
	 * @param persistenceId the entity
	 * @param mailbox its commands, failed with a recovery failure
	 * @param timer the engine's timer
	 * @param wakeUp what runs when the next attempt is due
	 */
	RecoveryBackoff(String persistenceId, Mailbox<?> mailbox, ScheduledExecutorService timer, Runnable wakeUp) {
		this.persistenceId = persistenceId;
		this.mailbox = mailbox;
		this.timer = timer;
		this.wakeUp = wakeUp;
	}

	/**
	 * Notes a failure, logs it (a warning the first time, then at debug level) and fails
	 * every queued command with it: commands sent before the next attempt wait for it.
	 * @param ex what recovery threw
	 */
	void failed(Throwable ex) {
		RecoveryFailedException failure = (ex instanceof RecoveryFailedException rfe) ? rfe
				: new RecoveryFailedException("could not recover '" + this.persistenceId + "': " + ex, ex);
		this.failures = Math.min(this.failures + 1, 16);
		long backoff = POLICY.delayAfter(this.failures).toNanos();
		this.retryAt = System.nanoTime() + backoff;
		this.failure = failure;
		if (this.failures == 1) {
			logger.warn("{}", failure.getMessage(), (ex instanceof RuntimeException) ? null : ex);
		}
		else {
			logger.debug("{} (attempt {}, next in {} ms)", failure.getMessage(), this.failures, backoff / 1_000_000);
		}
		this.mailbox.failAll(failure);
	}

	/**
	 * Tells whether recovery backs off now; if so, schedules one wake-up for when the
	 * next attempt is due.
	 * @return whether recovery backs off
	 * @throws RejectedExecutionException when the timer stopped (the engine stopped)
	 */
	boolean backingOff() {
		long remaining = (this.failure == null) ? 0 : this.retryAt - System.nanoTime();
		if (remaining <= 0) {
			return false;
		}
		if (!this.wakeUpScheduled) {
			this.wakeUpScheduled = true;
			try {
				this.timer.schedule(() -> {
					this.wakeUpScheduled = false;
					this.wakeUp.run();
				}, remaining, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				this.wakeUpScheduled = false;
				throw ex;
			}
		}
		return true;
	}

	/** Notes that recovery succeeded: the back-off ends. */
	void succeeded() {
		this.failure = null;
		this.failures = 0;
	}

}
