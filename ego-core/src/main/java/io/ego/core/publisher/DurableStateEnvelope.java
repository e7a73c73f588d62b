package io.ego.core.publisher;

import java.time.Instant;

import com.google.protobuf.Message;

/**
 * A durable state as a {@link StatePublisher} receives it: decrypted and parsed, with
 * where it sits in the durable-state change feed.
 *
 * @param persistenceId the entity's persistence id ({@code entityType|entityId})
 * @param entityType the entity type name
 * @param entityId the entity id
 * @param revision the state's revision
 * @param position the state's position in the change feed (not a journal position)
 * @param slice the slice of the persistence id
 * @param state the state
 * @param writeTime when the state was written
 * @author eGo team
 * @since 0.1.0
 */
public record DurableStateEnvelope(String persistenceId, String entityType, String entityId, long revision,
		long position, int slice, Message state, Instant writeTime) {
}
