package io.ego.core.publisher;

import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.projection.EventEnvelope;

/**
 * Sends journal events to a sink. The engine calls it from a journal reader with its own
 * offsets (see {@link io.ego.core.EgoEngineBuilder#eventPublisher}): the offset advances
 * only after {@link #publish} returned, so every event is published at least once, and
 * events of one entity arrive in sequence order.
 * <p>
 * Failures: an exception for which {@link #isPoison} is {@code false} (a broker outage, a
 * timeout) is retried with backoff for as long as it lasts — nothing is skipped; a poison
 * failure (the sink will never accept that event) is isolated to its event, retried the
 * configured number of times, then dead-lettered.
 * <p>
 * Events arrive in plaintext (decrypted) and adapted, as projections receive them; events
 * of erased entities never reach a publisher in plaintext.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface EventPublisher {

	/**
	 * Publishes events in order and returns once the sink acknowledged every one of them.
	 * @param events the events, in journal order, not empty
	 * @throws Exception when not every event is known to be acknowledged (all are sent
	 * again)
	 */
	void publish(List<EventEnvelope> events) throws Exception;

	/**
	 * Tells whether a failure is permanent for the events concerned (e.g. a record too
	 * large, a serialization error), as opposed to an outage that retrying will outlast.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the offending event
	 */
	default boolean isPoison(Exception failure) {
		return false;
	}

	/**
	 * Tells whether the publisher receives erasures: the
	 * {@link io.ego.core.v1.EntityErased} tombstone appended when an entity is erased,
	 * and the {@link io.ego.core.v1.ErasedEvent} markers that stand in for events of an
	 * erased entity that can no longer be decrypted. By default they are skipped (their
	 * offsets still advance); a publisher to a compacted topic overrides this to publish
	 * a tombstone for the entity's key.
	 * @return whether erasures are passed to {@link #publish}, {@code false} by default
	 */
	default boolean receivesErasures() {
		return false;
	}

	/**
	 * Returns message types this publisher reads besides those of the registered entity
	 * types.
	 * @return extra message types, empty by default
	 */
	default List<? extends Message> messageTypes() {
		return List.of();
	}

}
