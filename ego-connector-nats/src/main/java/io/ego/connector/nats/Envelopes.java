package io.ego.connector.nats;

import java.time.Instant;

import com.google.protobuf.Timestamp;
import io.ego.connector.nats.v1.PublishedEvent;
import io.ego.connector.nats.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.nats.client.impl.Headers;

/**
 * Turns events and states into the messages the publishers send: data = the envelope,
 * headers = {@link EgoNatsHeaders}.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class Envelopes {

	private static final String[] COPIED_METADATA = { EgoNatsHeaders.COMMAND_ID, EgoNatsHeaders.TRACEPARENT,
			EgoNatsHeaders.TRACESTATE };

	private Envelopes() {
	}

	static String eventId(String persistenceId, long sequenceNr, int part) {
		String id = persistenceId + '#' + sequenceNr;
		return (part == 0) ? id : id + '#' + part;
	}

	static String stateId(String persistenceId, long revision) {
		return persistenceId + '@' + revision;
	}

	static PublishedEvent envelope(EventEnvelope event, int part) {
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

	static NatsSender.Outgoing event(EventEnvelope event, int part) {
		PublishedEvent envelope = envelope(event, part);
		Headers headers = new Headers();
		headers.put(EgoNatsHeaders.EVENT_TYPE, envelope.getEventType());
		headers.put(EgoNatsHeaders.ENTITY_TYPE, envelope.getEntityType());
		headers.put(EgoNatsHeaders.PERSISTENCE_ID, envelope.getPersistenceId());
		headers.put(EgoNatsHeaders.SEQUENCE_NR, Long.toString(envelope.getSequenceNr()));
		for (String key : COPIED_METADATA) {
			String value = event.metadata().get(key);
			if (value != null) {
				headers.put(key, value);
			}
		}
		return new NatsSender.Outgoing(eventId(event.persistenceId(), event.sequenceNr(), part), event.persistenceId(),
				event.entityType(), headers, envelope.toByteArray());
	}

	static NatsSender.Outgoing state(DurableStateEnvelope state) {
		PublishedState envelope = PublishedState.newBuilder()
			.setPersistenceId(state.persistenceId())
			.setEntityType(state.entityType())
			.setEntityId(state.entityId())
			.setRevision(state.revision())
			.setPosition(state.position())
			.setStateType(state.state().getDescriptorForType().getFullName())
			.setPayload(state.state().toByteString())
			.setWriteTime(timestamp(state.writeTime()))
			.build();
		Headers headers = new Headers();
		headers.put(EgoNatsHeaders.STATE_TYPE, envelope.getStateType());
		headers.put(EgoNatsHeaders.ENTITY_TYPE, envelope.getEntityType());
		headers.put(EgoNatsHeaders.PERSISTENCE_ID, envelope.getPersistenceId());
		headers.put(EgoNatsHeaders.REVISION, Long.toString(envelope.getRevision()));
		return new NatsSender.Outgoing(stateId(state.persistenceId(), state.revision()), state.persistenceId(),
				state.entityType(), headers, envelope.toByteArray());
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
