package io.ego.core.adapter;

import java.util.Arrays;
import java.util.Objects;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.ego.core.UnknownMessageTypeException;

/**
 * A snapshot as it was stored, handed to a {@link SnapshotAdapter}: the state type name
 * and revision it was written with and its serialized state (decrypted when it was
 * encrypted).
 *
 * @param persistenceId the entity
 * @param sequenceNr the sequence number of the last event the snapshot covers
 * @param stateType the protobuf full name it was written with (the type may no longer
 * exist)
 * @param revision the schema revision it was written at
 * @param payload the serialized state
 * @author eGo team
 * @since 0.1.0
 */
public record StoredSnapshot(String persistenceId, long sequenceNr, String stateType, int revision, byte[] payload) {

	public StoredSnapshot {
		Objects.requireNonNull(persistenceId, "persistenceId");
		Objects.requireNonNull(stateType, "stateType");
		Objects.requireNonNull(payload, "payload");
	}

	/**
	 * Parses the payload as a message type, e.g. the current state type or a copy of the
	 * old definition.
	 * @param prototype any instance of the type, e.g. its default instance
	 * @param <M> the type
	 * @return the parsed message
	 * @throws UnknownMessageTypeException when the payload is not a valid message of that
	 * type
	 */
	@SuppressWarnings("unchecked")
	public <M extends Message> M parseAs(M prototype) {
		try {
			return (M) prototype.getParserForType().parseFrom(this.payload);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new UnknownMessageTypeException("cannot read snapshot " + this.sequenceNr + " of '"
					+ this.persistenceId + "' (" + this.stateType + " revision " + this.revision + ") as '"
					+ prototype.getDescriptorForType().getFullName() + "': " + ex.getMessage(), ex);
		}
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof StoredSnapshot s && this.sequenceNr == s.sequenceNr && this.revision == s.revision
				&& this.persistenceId.equals(s.persistenceId) && this.stateType.equals(s.stateType)
				&& Arrays.equals(this.payload, s.payload);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.persistenceId, this.sequenceNr, this.stateType, this.revision);
	}

	@Override
	public String toString() {
		return "StoredSnapshot[" + this.persistenceId + "#" + this.sequenceNr + " " + this.stateType + " revision "
				+ this.revision + "]";
	}

}
