package io.ego.core.store.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ego.core.store.Identifiers;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.TimerClaim;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.TimerStore;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TimerStore} in memory.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class InMemoryTimerStore implements TimerStore, NonBlockingStore {

	private static final Comparator<TimerRecord> DUE_ORDER = Comparator.comparing(TimerRecord::dueAt)
		.thenComparing(TimerRecord::name);

	private final Map<TimerId, Entry> timers = new HashMap<>();

	private long versions;

	@Override
	public synchronized TimerRecord schedule(TimerRecord timer) {
		checkId(timer.group(), timer.key(), timer.name());
		TimerRecord stored = timer.withVersion(++this.versions);
		this.timers.put(new TimerId(timer.group(), timer.key(), timer.name()), new Entry(stored, null, Instant.MIN));
		return stored;
	}

	@Override
	public synchronized boolean cancel(String group, String key, String name) {
		checkId(group, key, name);
		return this.timers.remove(new TimerId(group, key, name)) != null;
	}

	@Override
	public synchronized int cancelAll(String group, String key) {
		checkOwner(group, key);
		int before = this.timers.size();
		this.timers.keySet().removeIf((id) -> id.group().equals(group) && id.key().equals(key));
		return before - this.timers.size();
	}

	@Override
	public synchronized @Nullable TimerRecord get(String group, String key, String name) {
		checkId(group, key, name);
		Entry entry = this.timers.get(new TimerId(group, key, name));
		return (entry != null) ? entry.timer() : null;
	}

	@Override
	public synchronized List<TimerRecord> list(String group, String key) {
		checkOwner(group, key);
		return this.timers.values()
			.stream()
			.map(Entry::timer)
			.filter((timer) -> timer.group().equals(group) && timer.key().equals(key))
			.sorted(DUE_ORDER)
			.toList();
	}

	@Override
	public synchronized List<TimerClaim> claimDue(Instant now, int limit, String claimant, Duration claimFor) {
		Identifiers.requireWellFormed("claimant", claimant);
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		if (claimFor.isNegative() || claimFor.isZero()) {
			throw new IllegalArgumentException("claimFor must be positive but was " + claimFor);
		}
		List<TimerRecord> due = this.timers.values()
			.stream()
			.filter((entry) -> !entry.timer().dueAt().isAfter(now) && !entry.claimedUntil().isAfter(now))
			.map(Entry::timer)
			.sorted(DUE_ORDER)
			.limit(limit)
			.toList();
		Instant until = now.plus(claimFor);
		List<TimerClaim> claims = new ArrayList<>(due.size());
		for (TimerRecord timer : due) {
			this.timers.put(new TimerId(timer.group(), timer.key(), timer.name()), new Entry(timer, claimant, until));
			claims.add(new TimerClaim(timer, claimant, until));
		}
		return claims;
	}

	@Override
	public synchronized boolean complete(TimerClaim claim) {
		TimerRecord timer = claim.timer();
		TimerId id = new TimerId(timer.group(), timer.key(), timer.name());
		Entry entry = this.timers.get(id);
		if (entry == null || entry.timer().version() != timer.version()) {
			return false;
		}
		this.timers.remove(id);
		return true;
	}

	@Override
	public synchronized long countDue(String group, Instant before) {
		Identifiers.requireWellFormed("group", group);
		return this.timers.values()
			.stream()
			.filter((entry) -> entry.timer().group().equals(group) && entry.timer().dueAt().isBefore(before))
			.count();
	}

	// reads check identifiers too: an ill-formed one must fail here as it does on a
	// database, where it would match another identifier's rows
	private static void checkOwner(String group, String key) {
		Identifiers.requireWellFormed("group", group);
		Identifiers.requireWellFormed("key", key);
	}

	private static void checkId(String group, String key, String name) {
		checkOwner(group, key);
		Identifiers.requireWellFormed("timer name", name);
	}

	private record TimerId(String group, String key, String name) {
	}

	private record Entry(TimerRecord timer, @Nullable String claimant, Instant claimedUntil) {
	}

}
