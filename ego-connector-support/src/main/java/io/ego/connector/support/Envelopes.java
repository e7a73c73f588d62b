package io.ego.connector.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Timestamp;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;

/**
 * Turns journal events and durable states into the envelope every connector publishes,
 * and the envelope into its {@link EgoHeaders headers}.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class Envelopes {

	/** The event metadata keys copied to headers of the same name, when present. */
	public static final List<String> COPIED_METADATA = List.of(EgoHeaders.COMMAND_ID, EgoHeaders.TRACEPARENT,
			EgoHeaders.TRACESTATE);

	private Envelopes() {
	}

	/**
	 * Makes the envelope of an event.
	 * @param event the event
	 * @param part its index among the events an adapter made of one stored event, 0 when
	 * not split
	 * @return the envelope
	 */
	public static PublishedEvent event(EventEnvelope event, int part) {
		return PublishedEvent.newBuilder()
			.setPersistenceId(event.persistenceId())
			.setEntityType(event.entityType())
			.setEntityId(event.entityId())
			.setSequenceNr(event.sequenceNr())
			.setPosition(event.position())
			.setEventType(event.event().getDescriptorForType().getFullName())
			.setPayload(event.event().toByteString())
			.setWriteTime(timestamp(event.writeTime()))
			.putAllMetadata(event.metadata())
			.setPart(part)
			.build();
	}

	/**
	 * Makes the envelope of a durable state.
	 * @param state the state
	 * @return the envelope
	 */
	public static PublishedState state(DurableStateEnvelope state) {
		return PublishedState.newBuilder()
			.setPersistenceId(state.persistenceId())
			.setEntityType(state.entityType())
			.setEntityId(state.entityId())
			.setRevision(state.revision())
			.setPosition(state.position())
			.setStateType(state.state().getDescriptorForType().getFullName())
			.setPayload(state.state().toByteString())
			.setWriteTime(timestamp(state.writeTime()))
			.build();
	}

	/**
	 * Returns the headers of an event: {@link EgoHeaders#EVENT_TYPE},
	 * {@link EgoHeaders#ENTITY_TYPE}, {@link EgoHeaders#PERSISTENCE_ID},
	 * {@link EgoHeaders#SEQUENCE_NR}, then the {@link #COPIED_METADATA} the event's
	 * metadata carries.
	 * @param envelope the event's envelope
	 * @return the headers, in that order (a new, mutable map)
	 */
	public static Map<String, String> headers(PublishedEvent envelope) {
		Map<String, String> headers = new LinkedHashMap<>(16);
		headers.put(EgoHeaders.EVENT_TYPE, envelope.getEventType());
		headers.put(EgoHeaders.ENTITY_TYPE, envelope.getEntityType());
		headers.put(EgoHeaders.PERSISTENCE_ID, envelope.getPersistenceId());
		headers.put(EgoHeaders.SEQUENCE_NR, Long.toString(envelope.getSequenceNr()));
		for (String key : COPIED_METADATA) {
			String value = envelope.getMetadataMap().get(key);
			if (value != null) {
				headers.put(key, value);
			}
		}
		return headers;
	}

	/**
	 * Returns the headers of a durable state: {@link EgoHeaders#STATE_TYPE},
	 * {@link EgoHeaders#ENTITY_TYPE}, {@link EgoHeaders#PERSISTENCE_ID},
	 * {@link EgoHeaders#REVISION}.
	 * @param envelope the state's envelope
	 * @return the headers, in that order (a new, mutable map)
	 */
	public static Map<String, String> headers(PublishedState envelope) {
		Map<String, String> headers = new LinkedHashMap<>(8);
		headers.put(EgoHeaders.STATE_TYPE, envelope.getStateType());
		headers.put(EgoHeaders.ENTITY_TYPE, envelope.getEntityType());
		headers.put(EgoHeaders.PERSISTENCE_ID, envelope.getPersistenceId());
		headers.put(EgoHeaders.REVISION, Long.toString(envelope.getRevision()));
		return headers;
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
