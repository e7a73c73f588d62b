package io.ego.core.projection;

import java.util.List;

import com.google.protobuf.Message;

/**
 * Builds a read model from the journal. Called for every event in position order within a worker (so an
 * entity's events arrive in sequence order), possibly concurrently for different slice ranges. Delivery is
 * at-least-once: a handler must be idempotent, or the projection must be transactional (the handler's JDBC writes
 * and the offset commit together).
 *
 * @author eGo team
 * @since 0.1.0
 */
@FunctionalInterface
public interface Projection {

	/**
	 * Handles one event. Throwing applies the projection's recovery policy.
	 * @param envelope the event
	 * @throws Exception when the event could not be handled
	 */
	void handle(EventEnvelope envelope) throws Exception;

	/**
	 * Returns message types this projection reads besides those of the entity types registered with the engine.
	 * @return extra message types (default instances), empty by default
	 */
	default List<? extends Message> messageTypes() {
		return List.of();
	}

}
