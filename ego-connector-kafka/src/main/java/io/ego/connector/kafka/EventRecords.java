package io.ego.connector.kafka;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Timestamp;
import io.ego.connector.kafka.v1.PublishedEvent;
import io.ego.core.projection.EventEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import static io.ego.connector.kafka.KafkaSender.header;

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

	static PublishedEvent envelope(EventEnvelope event, int part) {
		return PublishedEvent.newBuilder()
			.setPersistenceId(event.persistenceId())
			.setEntityType(event.entityType())
			.setEntityId(event.entityId())
			.setSequenceNr(event.sequenceNr())
			.setPosition(event.position())
			.setEventType(event.event().getDescriptorForType().getFullName())
			.setPayload(event.event().toByteString())
			.setWriteTime(Timestamp.newBuilder()
				.setSeconds(event.writeTime().getEpochSecond())
				.setNanos(event.writeTime().getNano()))
			.putAllMetadata(event.metadata())
			.setPart(part)
			.build();
	}

	/**
	 * @param topic the topic
	 * @param event the event
	 * @param part its index among the events an adapter made of one stored event, 0 when
	 * not split
	 * @return the record
	 */
	static ProducerRecord<String, byte[]> record(String topic, EventEnvelope event, int part) {
		PublishedEvent envelope = envelope(event, part);
		List<Header> headers = new ArrayList<>(6);
		headers.add(header(EgoKafkaHeaders.EVENT_TYPE, envelope.getEventType()));
		headers.add(header(EgoKafkaHeaders.ENTITY_TYPE, envelope.getEntityType()));
		headers.add(header(EgoKafkaHeaders.PERSISTENCE_ID, envelope.getPersistenceId()));
		headers.add(header(EgoKafkaHeaders.SEQUENCE_NR, Long.toString(envelope.getSequenceNr())));
		for (String trace : List.of(EgoKafkaHeaders.TRACEPARENT, EgoKafkaHeaders.TRACESTATE)) {
			String value = event.metadata().get(trace);
			if (value != null) {
				headers.add(header(trace, value));
			}
		}
		return new ProducerRecord<>(topic, null, null, event.persistenceId(), envelope.toByteArray(), headers);
	}

}
