package io.ego.core.store;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of an event-sourced entity's state after a given event.
 *
 * @param persistenceId the entity's persistence id
 * @param entityType the entity type name
 * @param sequenceNr the sequence number of the last event folded into the state
 * @param stateType the protobuf full name of the state message
 * @param payload the serialized state (ciphertext when {@code keyId} is set)
 * @param writeTime when the snapshot was taken
 * @param keyId the data key id when encrypted, else {@code null}
 * @author eGo team
 * @since 0.1.0
 */
public record SnapshotRecord(String persistenceId, String entityType, long sequenceNr, String stateType, byte[] payload,
		Instant writeTime, @Nullable String keyId) {

	public SnapshotRecord {
		Objects.requireNonNull(persistenceId, "persistenceId");
		Objects.requireNonNull(entityType, "entityType");
		Objects.requireNonNull(stateType, "stateType");
		Objects.requireNonNull(payload, "payload");
		Objects.requireNonNull(writeTime, "writeTime");
		if (sequenceNr < 1) {
			throw new IllegalArgumentException("sequenceNr must be >= 1 but was " + sequenceNr);
		}
	}

}
