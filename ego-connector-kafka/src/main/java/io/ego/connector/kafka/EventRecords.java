package io.ego.connector.kafka;

import io.ego.connector.support.Envelopes;
import io.ego.connector.v1.PublishedEvent;
import io.ego.core.projection.EventEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a journal event into the record {@link KafkaEventPublisher} sends: key =
 * persistence id, value = a {@link PublishedEvent}, headers = {@link EgoKafkaHeaders}.
 * The record timestamp is left to Kafka (send time): the write time travels in the value,
 * so that republished old events are not removed at once by time retention.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class EventRecords {

	private EventRecords() {
	}

	/**
	 * @param topic the topic
	 * @param event the event
	 * @param part its index among the events an adapter made of one stored event, 0 when
	 * not split
	 * @return the record
	 */
	static ProducerRecord<String, byte[]> record(String topic, EventEnvelope event, int part) {
		PublishedEvent envelope = Envelopes.event(event, part);
		return new ProducerRecord<>(topic, null, null, event.persistenceId(), envelope.toByteArray(),
				KafkaSender.headers(Envelopes.headers(envelope)));
	}

}
