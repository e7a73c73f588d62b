package io.ego.core.internal.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ego.core.CommandRejectedException;
import io.ego.core.DedupePolicy;
import org.jspecify.annotations.Nullable;

/**
 * The command ids an entity remembers, with the outcome of each: the sequence number (or
 * revision) its write produced, or its rejection. Bounded by the entity type's
 * {@link DedupePolicy}: the oldest id goes first, by count and by age. Rebuilt on
 * recovery from the ids recorded in the journal (event metadata {@value #METADATA_KEY})
 * and carried in snapshots and durable states; rejections wrote nothing, so they are
 * remembered while the entity is live only. Owner thread only.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class CommandIds {

	/**
	 * The event metadata key that records the id of the command an event's write
	 * answered.
	 */
	public static final String METADATA_KEY = "ego-command-id";

	private final DedupePolicy policy;

	private final long maxAgeMillis;

	private final LinkedHashMap<String, Outcome> outcomes = new LinkedHashMap<>();

	/**
	 * @param policy how many ids, for how long
	 */
	public CommandIds(DedupePolicy policy) {
		this.policy = policy;
		this.maxAgeMillis = policy.maxAge().toMillis();
	}

	/**
	 * @return whether ids are checked at all
	 */
	public boolean isEnabled() {
		return this.policy.isEnabled();
	}

	/**
	 * Returns the outcome of a command id the entity handled, if it still remembers it.
	 * @param commandId the id
	 * @param now the current time
	 * @return the outcome, or {@code null} when the id is new (or forgotten)
	 */
	public @Nullable Outcome get(String commandId, Instant now) {
		expire(now.toEpochMilli());
		return this.outcomes.get(commandId);
	}

	/**
	 * Remembers that a command's write became durable.
	 * @param commandId its id
	 * @param sequenceNr the sequence number (or revision) it produced
	 * @param at when it was written
	 */
	public void written(String commandId, long sequenceNr, Instant at) {
		put(commandId, new Outcome(sequenceNr, null, at.toEpochMilli()));
	}

	/**
	 * Remembers that a command was rejected (nothing was written).
	 * @param commandId its id
	 * @param rejection the rejection
	 * @param at when
	 */
	public void rejected(String commandId, CommandRejectedException rejection, Instant at) {
		put(commandId, new Outcome(0, rejection, at.toEpochMilli()));
	}

	private void put(String commandId, Outcome outcome) {
		if (!this.policy.isEnabled()) {
			return;
		}
		this.outcomes.remove(commandId);
		this.outcomes.put(commandId, outcome);
		while (this.outcomes.size() > this.policy.window()) {
			Iterator<String> oldest = this.outcomes.keySet().iterator();
			oldest.next();
			oldest.remove();
		}
	}

	private void expire(long nowMillis) {
		Iterator<Map.Entry<String, Outcome>> entries = this.outcomes.entrySet().iterator();
		while (entries.hasNext()) {
			if (nowMillis - entries.next().getValue().atMillis <= this.maxAgeMillis) {
				return;
			}
			entries.remove();
		}
	}

	/** Forgets every id (before a recovery rebuilds them). */
	public void clear() {
		this.outcomes.clear();
	}

	/**
	 * @return the written ids, oldest first, for a snapshot or a durable state
	 */
	public List<Written> written() {
		if (this.outcomes.isEmpty()) {
			return List.of();
		}
		List<Written> written = new ArrayList<>();
		this.outcomes.forEach((id, outcome) -> {
			if (outcome.rejection == null) {
				written.add(new Written(id, outcome.sequenceNr, outcome.atMillis));
			}
		});
		return written;
	}

	/**
	 * Restores written ids read from a snapshot or a durable state.
	 * @param written the ids, oldest first
	 */
	public void restore(List<Written> written) {
		for (Written id : written) {
			put(id.commandId(), new Outcome(id.sequenceNr(), null, id.atMillis()));
		}
	}

	/**
	 * What became of a command id.
	 *
	 * @param sequenceNr the sequence number (or revision) its write produced; {@code 0}
	 * for a rejection
	 * @param rejection its rejection, or {@code null} when it was written
	 * @param atMillis when, in epoch milliseconds
	 */
	public record Outcome(long sequenceNr, @Nullable CommandRejectedException rejection, long atMillis) {
	}

	/**
	 * A written command id as snapshots and durable states carry it.
	 *
	 * @param commandId the id
	 * @param sequenceNr the sequence number (or revision) its write produced
	 * @param atMillis when it was written, in epoch milliseconds
	 */
	public record Written(String commandId, long sequenceNr, long atMillis) {
	}

}
