package io.ego.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A lease on one worker of a journal consumer (a projection or publisher worker, keyed
 * like its offset by consumer and partition): while an application instance holds it,
 * that instance alone runs the worker. Every acquisition gives the lease a higher fencing
 * token, and {@link OffsetStore#commit offset commits} carry the token they were made
 * under, so that a former holder (a paused process, a stray thread) can no longer commit
 * once another instance took the lease over.
 *
 * @param consumer the consumer's name
 * @param partition the worker's partition (its slice range, e.g. {@code "0-511"})
 * @param owner the id of the instance holding it
 * @param token the fencing token of this holding: positive, higher than that of every
 * earlier holding
 * @param expiresAt when it expires unless renewed; an expired lease may be acquired by
 * any instance
 * @author eGo team
 * @since 0.1.0
 */
public record Lease(String consumer, String partition, String owner, long token, Instant expiresAt) {

	public Lease {
		Objects.requireNonNull(consumer, "consumer");
		Objects.requireNonNull(partition, "partition");
		Objects.requireNonNull(owner, "owner");
		Objects.requireNonNull(expiresAt, "expiresAt");
		if (token <= 0) {
			throw new IllegalArgumentException("token must be positive but was " + token);
		}
	}

	/**
	 * Tells whether the lease has expired at a time.
	 * @param now the time
	 * @return whether {@code now} is at or after {@link #expiresAt()}
	 */
	public boolean isExpiredAt(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

}
