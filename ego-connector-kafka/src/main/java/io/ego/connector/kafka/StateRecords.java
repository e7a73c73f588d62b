package io.ego.connector.kafka;

import java.util.List;

import com.google.protobuf.Timestamp;
import io.ego.connector.kafka.v1.PublishedState;
import io.ego.core.publisher.DurableStateEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;

import static io.ego.connector.kafka.KafkaSender.header;

/**
 * Turns a durable state into the record {@link KafkaStatePublisher} sends: key =
 * persistence id, value = a {@link PublishedState}, headers =
 * {@link EgoKafkaHeaders#STATE_TYPE}, {@link EgoKafkaHeaders#ENTITY_TYPE},
 * {@link EgoKafkaHeaders#PERSISTENCE_ID}, {@link EgoKafkaHeaders#REVISION}. The record
 * timestamp is left to Kafka.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class StateRecords {

	private StateRecords() {
	}

	static PublishedState envelope(DurableStateEnvelope state) {
		return PublishedState.newBuilder()
			.setPersistenceId(state.persistenceId())
			.setEntityType(state.entityType())
			.setEntityId(state.entityId())
			.setRevision(state.revision())
			.setPosition(state.position())
			.setStateType(state.state().getDescriptorForType().getFullName())
			.setPayload(state.state().toByteString())
			.setWriteTime(Timestamp.newBuilder()
				.setSeconds(state.writeTime().getEpochSecond())
				.setNanos(state.writeTime().getNano()))
			.build();
	}

	static ProducerRecord<String, byte[]> record(String topic, DurableStateEnvelope state) {
		PublishedState envelope = envelope(state);
		return new ProducerRecord<>(topic, null, null, state.persistenceId(), envelope.toByteArray(),
				List.of(header(EgoKafkaHeaders.STATE_TYPE, envelope.getStateType()),
						header(EgoKafkaHeaders.ENTITY_TYPE, envelope.getEntityType()),
						header(EgoKafkaHeaders.PERSISTENCE_ID, envelope.getPersistenceId()),
						header(EgoKafkaHeaders.REVISION, Long.toString(envelope.getRevision()))));
	}

}
