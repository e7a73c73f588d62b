package io.ego.connector.kafka;

import io.ego.connector.support.Envelopes;
import io.ego.connector.v1.PublishedState;
import io.ego.core.publisher.DurableStateEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;

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

	static ProducerRecord<String, byte[]> record(String topic, DurableStateEnvelope state) {
		PublishedState envelope = Envelopes.state(state);
		return new ProducerRecord<>(topic, null, null, state.persistenceId(), envelope.toByteArray(),
				KafkaSender.headers(Envelopes.headers(envelope)));
	}

}
