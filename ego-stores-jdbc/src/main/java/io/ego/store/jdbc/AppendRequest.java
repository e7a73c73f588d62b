package io.ego.store.jdbc;

import java.util.ArrayList;
import java.util.List;

import io.ego.core.store.PersistedEvent;

/**
 * One entity's append waiting for the journal writer: validated events and their encoded
 * metadata.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class AppendRequest extends WriteRequest {

	private final String persistenceId;

	private final long expectedSequenceNr;

	private final List<PersistedEvent> events;

	private final List<byte[]> metadata;

	private AppendRequest(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events,
			List<byte[]> metadata) {
		this.persistenceId = persistenceId;
		this.expectedSequenceNr = expectedSequenceNr;
		this.events = events;
		this.metadata = metadata;
	}

	/**
	 * Validates an append before it is queued, so that bad input fails without touching
	 * the database.
	 * @param persistenceId the entity
	 * @param expectedSequenceNr the sequence number the writer expects to be the entity's
	 * last
	 * @param events the events
	 * @param maxPayloadSize the largest payload and encoded metadata in bytes
	 * @return the request
	 * @throws IllegalArgumentException when the events do not continue the history or do
	 * not fit the columns
	 */
	static AppendRequest of(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events,
			int maxPayloadSize) {
		Checks.identifier("persistence id", persistenceId);
		if (events.isEmpty()) {
			throw new IllegalArgumentException("no events to append for '" + persistenceId + "'");
		}
		if (expectedSequenceNr < 0) {
			throw new IllegalArgumentException(
					"expected sequence number of '" + persistenceId + "' must be >= 0 but was " + expectedSequenceNr);
		}
		List<byte[]> metadata = new ArrayList<>(events.size());
		long seq = expectedSequenceNr;
		for (PersistedEvent event : events) {
			if (!event.persistenceId().equals(persistenceId) || event.sequenceNr() != ++seq) {
				throw new IllegalArgumentException("event " + event + " does not continue the history of '"
						+ persistenceId + "' at sequence number " + seq);
			}
			Checks.identifier("entity type", event.entityType());
			Checks.identifier("event type", event.eventType());
			Checks.optionalIdentifier("key id", event.keyId());
			Checks.slice(event.slice());
			Checks.size("payload of " + event, event.payload().length, maxPayloadSize);
			byte[] encoded = MetadataCodec.encode(event.metadata());
			Checks.size("metadata of " + event, encoded.length, maxPayloadSize);
			metadata.add(encoded);
		}
		return new AppendRequest(persistenceId, expectedSequenceNr, List.copyOf(events), metadata);
	}

	@Override
	public String persistenceId() {
		return this.persistenceId;
	}

	long expectedSequenceNr() {
		return this.expectedSequenceNr;
	}

	List<PersistedEvent> events() {
		return this.events;
	}

	/**
	 * @return the encoded metadata of each event, empty arrays for no metadata
	 */
	List<byte[]> metadata() {
		return this.metadata;
	}

	@Override
	public int size() {
		return this.events.size();
	}

	@Override
	String unknownOutcomeMessage() {
		return "append to '" + this.persistenceId + "' failed; the events may or may not have been written";
	}

}
