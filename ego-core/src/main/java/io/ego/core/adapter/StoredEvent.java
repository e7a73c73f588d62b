package io.ego.core.adapter;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.ego.core.UnknownMessageTypeException;

/**
 * An event as it was stored, handed to an {@link EventAdapter}: the type name and
 * revision it was written with and its serialized bytes (decrypted when it was
 * encrypted).
 *
 * @param persistenceId the entity
 * @param sequenceNr the event's sequence number
 * @param eventType the protobuf full name it was written with (the type may no longer
 * exist)
 * @param revision the schema revision it was written at ({@code 1} when none was
 * recorded)
 * @param payload the serialized event
 * @param metadata the event's metadata
 * @author eGo team
 * @since 0.1.0
 */
public record StoredEvent(String persistenceId, long sequenceNr, String eventType, int revision, byte[] payload,
		Map<String, String> metadata) {

	public StoredEvent {
		Objects.requireNonNull(persistenceId, "persistenceId");
		Objects.requireNonNull(eventType, "eventType");
		Objects.requireNonNull(payload, "payload");
		Objects.requireNonNull(metadata, "metadata");
	}

	/**
	 * Parses the payload as a message type, e.g. the current type (protobuf keeps fields
	 * it can read and skips the others) or a copy of the old definition kept for
	 * adapters.
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
			throw new UnknownMessageTypeException("cannot read event " + this.sequenceNr + " of '" + this.persistenceId
					+ "' (" + this.eventType + " revision " + this.revision + ") as '"
					+ prototype.getDescriptorForType().getFullName() + "': " + ex.getMessage(), ex);
		}
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof StoredEvent e && this.sequenceNr == e.sequenceNr && this.revision == e.revision
				&& this.persistenceId.equals(e.persistenceId) && this.eventType.equals(e.eventType)
				&& Arrays.equals(this.payload, e.payload) && this.metadata.equals(e.metadata);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.persistenceId, this.sequenceNr, this.eventType, this.revision);
	}

	@Override
	public String toString() {
		return "StoredEvent[" + this.persistenceId + "#" + this.sequenceNr + " " + this.eventType + " revision "
				+ this.revision + "]";
	}

}
