package io.ego.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A due timer claimed by one instance for firing: until {@link #claimedUntil()} no other
 * claimant gets it from {@link TimerStore#claimDue}. A claimant that dies before it
 * {@link TimerStore#complete completes} the timer lets the claim expire, and another
 * instance claims it again, so a timer fires at least once; its owner makes the firing
 * take effect once (a saga records the fired timer's version in its own events).
 *
 * @param timer the timer, as stored when it was claimed
 * @param claimant the id of the claiming instance
 * @param claimedUntil when the claim expires
 * @author eGo team
 * @since 0.2.0
 */
public record TimerClaim(TimerRecord timer, String claimant, Instant claimedUntil) {

	public TimerClaim {
		Objects.requireNonNull(timer, "timer");
		Objects.requireNonNull(claimant, "claimant");
		Objects.requireNonNull(claimedUntil, "claimedUntil");
	}

}
