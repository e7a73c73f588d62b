package io.ego.connector.kafka;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.ego.connector.v1.PublishedEvent;
import io.ego.core.UnknownMessageTypeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the records {@link KafkaEventPublisher} wrote: parses the value into its
 * {@link PublishedEvent} envelope and the envelope's payload into the typed event, with
 * the message types the consumer knows.
 *
 * <pre>{@code
 * PublishedEvents events = PublishedEvents.of(AccountOpened.getDefaultInstance(),
 *         AccountCredited.getDefaultInstance());
 * for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
 *     ReceivedEvent received = events.read(record);
 *     switch (received.event()) { case AccountCredited credited -> ...; default -> ...; }
 * }
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class PublishedEvents {

	private final Map<String, Parser<? extends Message>> parsers;

	private PublishedEvents(Map<String, Parser<? extends Message>> parsers) {
		this.parsers = parsers;
	}

	/**
	 * Creates a reader for the given event types.
	 * @param types an instance of each event type, typically its default instance
	 * @return the reader
	 */
	public static PublishedEvents of(Message... types) {
		return of(List.of(types));
	}

	/**
	 * Creates a reader for the given event types.
	 * @param types an instance of each event type, typically its default instance
	 * @return the reader
	 */
	public static PublishedEvents of(Collection<? extends Message> types) {
		Map<String, Parser<? extends Message>> parsers = new TreeMap<>();
		for (Message type : types) {
			parsers.put(type.getDescriptorForType().getFullName(), type.getParserForType());
		}
		return new PublishedEvents(Collections.unmodifiableMap(parsers));
	}

	/**
	 * @return the protobuf full names of the event types this reader knows, sorted
	 */
	public Set<String> types() {
		return this.parsers.keySet();
	}

	/**
	 * Parses a record value into its envelope, without reading the event.
	 * @param value the record value
	 * @return the envelope
	 * @throws IllegalArgumentException when the value is not a {@link PublishedEvent}
	 */
	public PublishedEvent envelope(byte[] value) {
		try {
			return PublishedEvent.parseFrom(value);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException(
					"record value is not an " + PublishedEvent.getDescriptor().getFullName() + ": " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Reads the typed event an envelope carries.
	 * @param envelope the envelope
	 * @return the event
	 * @throws UnknownMessageTypeException when the event type is not one of
	 * {@link #types()}, or the payload does not parse as that type; the message names the
	 * type and the event
	 */
	public Message event(PublishedEvent envelope) {
		String type = envelope.getEventType();
		Parser<? extends Message> parser = this.parsers.get(type);
		String what = "event " + envelope.getSequenceNr() + " of '" + envelope.getPersistenceId() + "'";
		if (parser == null) {
			throw new UnknownMessageTypeException(
					"cannot read " + what + ": unknown event type '" + type + "'; known types: " + this.parsers.keySet()
							+ " (pass its default instance to PublishedEvents.of)");
		}
		try {
			return parser.parseFrom(envelope.getPayload());
		}
		catch (InvalidProtocolBufferException ex) {
			throw new UnknownMessageTypeException("cannot read " + what + " as '" + type + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads a record value: envelope and typed event.
	 * @param value the record value
	 * @return the envelope and the event
	 * @throws IllegalArgumentException when the value is not a {@link PublishedEvent}
	 * @throws UnknownMessageTypeException when the event type is unknown
	 */
	public ReceivedEvent read(byte[] value) {
		PublishedEvent envelope = envelope(value);
		return new ReceivedEvent(envelope, event(envelope));
	}

	/**
	 * Reads a record: envelope and typed event.
	 * @param record a record of the publisher's topic
	 * @return the envelope and the event
	 * @throws IllegalArgumentException when the value is not a {@link PublishedEvent}
	 * @throws UnknownMessageTypeException when the event type is unknown
	 */
	public ReceivedEvent read(ConsumerRecord<?, byte[]> record) {
		return read(requireValue(record.value(), record.topic() + "-" + record.partition() + "@" + record.offset()));
	}

	/**
	 * Returns a Kafka value deserializer producing {@link ReceivedEvent}s with this
	 * reader, e.g. for a {@code DefaultKafkaConsumerFactory} or a plain
	 * {@code KafkaConsumer}.
	 * @return the deserializer
	 */
	public Deserializer<ReceivedEvent> deserializer() {
		return (topic, data) -> read(requireValue(data, topic));
	}

	private static byte[] requireValue(byte @Nullable [] value, String where) {
		if (value == null) {
			throw new IllegalArgumentException("record of " + where + " has no value: not a published event");
		}
		return value;
	}

}
