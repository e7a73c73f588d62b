package io.ego.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps durable timers (saga timeouts), keyed by (group, key, name), and hands due ones
 * to exactly one claimant at a time.
 * <p>
 * A timer survives restarts at its original due time. {@link #claimDue} gives each due,
 * unclaimed (or claim-expired) timer to one caller, even when several instances poll one
 * store at once (JDBC: {@code FOR UPDATE SKIP LOCKED} where the database has it); the
 * claimant fires it and then {@link #complete completes} it, which deletes it unless it
 * was rescheduled or cancelled meanwhile. Times come from the caller ({@code now}).
 * Implementations are thread-safe; failures are {@link StoreException}s.
 *
 * @author eGo team
 * @since 0.2.0
 */
public interface TimerStore {

	/**
	 * Inserts a timer, or replaces the timer of the same (group, key, name) together with
	 * any claim on it.
	 * @param timer the timer; its version is ignored
	 * @return the stored timer, with its new version
	 */
	TimerRecord schedule(TimerRecord timer);

	/**
	 * Deletes a timer, claimed or not.
	 * @param group the owner's kind
	 * @param key the owner instance
	 * @param name the timer's name
	 * @return whether a timer was deleted
	 */
	boolean cancel(String group, String key, String name);

	/**
	 * Deletes every timer of an owner instance (e.g. when a saga ended).
	 * @param group the owner's kind
	 * @param key the owner instance
	 * @return how many timers were deleted
	 */
	int cancelAll(String group, String key);

	/**
	 * Schedules several timers as {@link #schedule} does each, in one round trip where
	 * the store can (the default schedules them one by one). Timers of the same (group,
	 * key, name) must not appear twice.
	 * @param timers the timers; their versions are ignored
	 * @since 0.2.0
	 */
	default void scheduleAll(List<TimerRecord> timers) {
		for (TimerRecord timer : timers) {
			schedule(timer);
		}
	}

	/**
	 * Deletes every timer of several owner instances of one kind, as {@link #cancelAll}
	 * does each, in one round trip where the store can (the default deletes them owner by
	 * owner).
	 * @param group the owners' kind
	 * @param keys the owner instances
	 * @return how many timers were deleted
	 * @since 0.2.0
	 */
	default int cancelAll(String group, Collection<String> keys) {
		int deleted = 0;
		for (String key : keys) {
			deleted += cancelAll(group, key);
		}
		return deleted;
	}

	/**
	 * Returns one timer.
	 * @param group the owner's kind
	 * @param key the owner instance
	 * @param name the timer's name
	 * @return the timer, or {@code null} when none is scheduled
	 */
	@Nullable TimerRecord get(String group, String key, String name);

	/**
	 * Returns the timers of an owner instance, ordered by due time then name.
	 * @param group the owner's kind
	 * @param key the owner instance
	 * @return the timers, possibly empty
	 */
	List<TimerRecord> list(String group, String key);

	/**
	 * Claims timers due at or before {@code now} that nobody holds an unexpired claim on,
	 * earliest first.
	 * @param now the current time
	 * @param limit the most timers to claim, positive
	 * @param claimant the claiming instance's id
	 * @param claimFor how long the claims last, positive
	 * @return the claims, expiring at {@code now + claimFor}, possibly empty
	 */
	List<TimerClaim> claimDue(Instant now, int limit, String claimant, Duration claimFor);

	/**
	 * Deletes a fired timer if it is still the one claimed (same version: neither
	 * rescheduled nor cancelled since).
	 * @param claim the claim
	 * @return whether it was deleted
	 */
	boolean complete(TimerClaim claim);

	/**
	 * Counts the timers of a group due before a time (overdue when {@code before} is now
	 * minus a tolerance), claimed or not.
	 * @param group the owner's kind
	 * @param before the time
	 * @return the count
	 */
	long countDue(String group, Instant before);

}
