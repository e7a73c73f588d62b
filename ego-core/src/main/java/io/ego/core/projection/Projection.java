package io.ego.core.projection;

import java.util.List;

import com.google.protobuf.Message;

/**
 * Builds a read model from the journal. Called for every event in position order within a
 * worker (so an entity's events arrive in sequence order), possibly concurrently for
 * different slice ranges. Delivery is at-least-once: a handler must be idempotent, or the
 * projection must be transactional (the handler's JDBC writes and the offset commit
 * together).
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
	 * Handles an erasure instead of an event ({@link io.ego.core.EgoEngine#eraseEntity});
	 * the default does nothing (the erasure is skipped). The envelope's event is either
	 * <ul>
	 * <li>an {@link io.ego.core.v1.EntityErased}: the entity was erased — delivered once,
	 * after its last event, to every projection, including those that had already read
	 * its events: delete the entity's read-model rows here;</li>
	 * <li>an {@link io.ego.core.v1.ErasedEvent}: one event of an erased entity that can
	 * no longer be read (its data key was shredded), met by a projection that reads the
	 * journal after the erasure (lag, rebuild).</li>
	 * </ul>
	 * Throwing applies the projection's recovery policy, as for {@link #handle}.
	 * @param envelope the erasure, with the entity's persistence id, the sequence number
	 * and position of the row
	 * @throws Exception when the erasure could not be handled
	 */
	default void onErased(EventEnvelope envelope) throws Exception {
	}

	/**
	 * Returns message types this projection reads besides those of the entity types
	 * registered with the engine.
	 * @return extra message types (default instances), empty by default
	 */
	default List<? extends Message> messageTypes() {
		return List.of();
	}

}
