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
	 * Handles one event for a version of the projection; the engine calls this form. The
	 * default calls {@link #handle(EventEnvelope)}: a handler that keeps one read model
	 * per version (blue/green rebuilds) overrides this one and writes to the tables of
	 * {@code context.version()}.
	 * @param envelope the event
	 * @param context the projection and the version being written
	 * @throws Exception when the event could not be handled
	 * @since 0.2.0
	 */
	default void handle(EventEnvelope envelope, ProjectionContext context) throws Exception {
		handle(envelope);
	}

	/**
	 * Handles an erasure for a version of the projection; the engine calls this form. The
	 * default calls {@link #onErased(EventEnvelope)}.
	 * @param envelope the erasure
	 * @param context the projection and the version being written
	 * @throws Exception when the erasure could not be handled
	 * @since 0.2.0
	 */
	default void onErased(EventEnvelope envelope, ProjectionContext context) throws Exception {
		onErased(envelope);
	}

	/**
	 * Called once a blue/green rebuild switched over to a newer version: the version
	 * given is no longer read nor written, so its tables can be dropped. Called after the
	 * switch, on one instance, at least once (again after a crash before it returned): it
	 * must be idempotent ({@code DROP TABLE IF EXISTS}). Throwing is logged and the call
	 * is made again at the next lease renewal. The default does nothing.
	 * @param version the retired version
	 * @throws Exception when the old version's data could not be dropped
	 * @since 0.2.0
	 */
	default void onVersionRetired(int version) throws Exception {
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
