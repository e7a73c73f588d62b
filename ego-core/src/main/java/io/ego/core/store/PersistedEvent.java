package io.ego.core.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One event of an entity's history as the journal holds it.
 *
 * @param persistenceId the entity's persistence id ({@code entityType|entityId})
 * @param entityType the entity type name
 * @param sequenceNr the event's sequence number in the entity's history, starting at 1,
 * gapless
 * @param position the global position the store assigned on append ({@code 0} before the
 * append)
 * @param slice {@code floorMod(persistenceId.hashCode(), 1024)}, for splitting readers by
 * slice range
 * @param eventType the protobuf full name of the event message (never
 * {@code google.protobuf.Any})
 * @param payload the serialized event (ciphertext when {@code keyId} is set)
 * @param writeTime when the event was written
 * @param metadata free-form metadata (trace context, correlation id); never {@code null}
 * @param keyId the id of the data key that encrypted the payload, or {@code null} when
 * not encrypted
 * @author eGo team
 * @since 0.1.0
 */
public record PersistedEvent(String persistenceId, String entityType, long sequenceNr, long position, int slice,
		String eventType, byte[] payload, Instant writeTime, Map<String, String> metadata, @Nullable String keyId) {

	/** Number of slices the persistence ids are spread over. */
	public static final int SLICE_COUNT = 1024;

	public PersistedEvent {
		Objects.requireNonNull(persistenceId, "persistenceId");
		Objects.requireNonNull(entityType, "entityType");
		Objects.requireNonNull(eventType, "eventType");
		Objects.requireNonNull(payload, "payload");
		Objects.requireNonNull(writeTime, "writeTime");
		Objects.requireNonNull(metadata, "metadata");
		if (sequenceNr < 1) {
			throw new IllegalArgumentException("sequenceNr must be >= 1 but was " + sequenceNr);
		}
	}

	/**
	 * Returns a copy of this event carrying the given global position.
	 * @param position the position assigned by the store
	 * @return the copy
	 */
	public PersistedEvent withPosition(long position) {
		return new PersistedEvent(this.persistenceId, this.entityType, this.sequenceNr, position, this.slice,
				this.eventType, this.payload, this.writeTime, this.metadata, this.keyId);
	}

	/**
	 * Returns the slice of a persistence id.
	 * @param persistenceId the persistence id
	 * @return a value in {@code [0, SLICE_COUNT)}
	 */
	public static int sliceOf(String persistenceId) {
		return Math.floorMod(persistenceId.hashCode(), SLICE_COUNT);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof PersistedEvent e && this.sequenceNr == e.sequenceNr && this.position == e.position
				&& this.persistenceId.equals(e.persistenceId) && this.eventType.equals(e.eventType)
				&& Arrays.equals(this.payload, e.payload);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.persistenceId, this.sequenceNr);
	}

	@Override
	public String toString() {
		return "PersistedEvent[" + this.persistenceId + "#" + this.sequenceNr + " @" + this.position + " "
				+ this.eventType + "]";
	}

}
