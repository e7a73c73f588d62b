package io.ego.core.publisher;

import java.util.List;

import com.google.protobuf.Message;

/**
 * Sends the states of durable-state entities to a sink. The engine calls it from a reader
 * of the durable-state change feed
 * ({@link io.ego.core.store.DurableStateChanges#changesAfter}) with its own offsets (see
 * {@link io.ego.core.EgoEngineBuilder#statePublisher}): the offset advances only after
 * {@link #publish} returned, so the latest state of every entity is published at least
 * once, and the states of one entity arrive in revision order. Intermediate revisions may
 * be skipped: a state overwritten before the publisher read it is not published (the
 * change feed is compacted, like a compacted topic). Deleted states are not published.
 * <p>
 * Failures: an exception for which {@link #isPoison} is {@code false} (a broker outage, a
 * timeout) is retried with backoff for as long as it lasts; a poison failure is isolated
 * to its state, retried the configured number of times, then dead-lettered (with the
 * state type as event type and the stored state as payload).
 * <p>
 * States arrive decrypted; the states of erased entities are not published.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface StatePublisher {

	/**
	 * Publishes states in order and returns once the sink acknowledged every one of them.
	 * @param states the states, in change-feed order, not empty
	 * @throws Exception when not every state is known to be acknowledged (all are sent
	 * again)
	 */
	void publish(List<DurableStateEnvelope> states) throws Exception;

	/**
	 * Tells whether a failure is permanent for the states concerned (e.g. a record too
	 * large), as opposed to an outage that retrying will outlast.
	 * @param failure what {@link #publish} threw
	 * @return whether to isolate and dead-letter the offending state
	 */
	default boolean isPoison(Exception failure) {
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
