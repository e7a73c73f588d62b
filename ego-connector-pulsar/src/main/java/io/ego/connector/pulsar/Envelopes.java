package io.ego.connector.pulsar;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.google.protobuf.Timestamp;
import io.ego.connector.pulsar.v1.PublishedEvent;
import io.ego.connector.pulsar.v1.PublishedState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;

/**
 * Turns events and states into the messages the publishers send.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class Envelopes {

	private Envelopes() {
	}

	static PulsarSender.Outgoing event(EventEnvelope event, int part) {
		if (part >= PulsarSender.PARTS_PER_POSITION) {
			throw new TooManyPartsException(event.persistenceId(), event.sequenceNr(), part);
		}
		PublishedEvent envelope = PublishedEvent.newBuilder()
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
		Map<String, String> properties = new HashMap<>(8);
		properties.put(EgoPulsarMessageProperties.EVENT_TYPE, envelope.getEventType());
		properties.put(EgoPulsarMessageProperties.ENTITY_TYPE, envelope.getEntityType());
		properties.put(EgoPulsarMessageProperties.PERSISTENCE_ID, envelope.getPersistenceId());
		properties.put(EgoPulsarMessageProperties.SEQUENCE_NR, Long.toString(envelope.getSequenceNr()));
		for (String trace : new String[] { EgoPulsarMessageProperties.TRACEPARENT,
				EgoPulsarMessageProperties.TRACESTATE }) {
			String value = event.metadata().get(trace);
			if (value != null) {
				properties.put(trace, value);
			}
		}
		return new PulsarSender.Outgoing(event.persistenceId() + '#' + event.sequenceNr() + '#' + part, event.slice(),
				event.position() * PulsarSender.PARTS_PER_POSITION + part, event.persistenceId(),
				envelope.toByteArray(), properties);
	}

	static PulsarSender.Outgoing state(DurableStateEnvelope state) {
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
		Map<String, String> properties = Map.of(EgoPulsarMessageProperties.STATE_TYPE, envelope.getStateType(),
				EgoPulsarMessageProperties.ENTITY_TYPE, envelope.getEntityType(),
				EgoPulsarMessageProperties.PERSISTENCE_ID, envelope.getPersistenceId(),
				EgoPulsarMessageProperties.REVISION, Long.toString(envelope.getRevision()));
		return new PulsarSender.Outgoing(state.persistenceId() + '@' + state.revision() + '@' + state.position(),
				state.slice(), state.position() * PulsarSender.PARTS_PER_POSITION, state.persistenceId(),
				envelope.toByteArray(), properties);
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
