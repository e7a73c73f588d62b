package io.ego.core.store;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The stored state of a durable-state entity.
 *
 * @param persistenceId the entity's persistence id
 * @param entityType the entity type name
 * @param revision the revision, {@code 1} for the first write, then {@code previous + 1}
 * @param slice the slice of the persistence id
 * @param stateType the protobuf full name of the state message
 * @param payload the serialized state (ciphertext when {@code keyId} is set)
 * @param writeTime when the state was written
 * @param keyId the data key id when encrypted, else {@code null}
 * @author eGo team
 * @since 0.1.0
 */
public record DurableStateRecord(String persistenceId, String entityType, long revision, int slice, String stateType,
		byte[] payload, Instant writeTime, @Nullable String keyId) {

	public DurableStateRecord {
		Objects.requireNonNull(persistenceId, "persistenceId");
		Objects.requireNonNull(entityType, "entityType");
		Objects.requireNonNull(stateType, "stateType");
		Objects.requireNonNull(payload, "payload");
		Objects.requireNonNull(writeTime, "writeTime");
		if (revision < 1) {
			throw new IllegalArgumentException("revision must be >= 1 but was " + revision);
		}
	}

}
