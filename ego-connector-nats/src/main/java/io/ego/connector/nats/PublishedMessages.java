package io.ego.connector.nats;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.ego.connector.kafka.v1.PublishedEvent;
import io.ego.connector.kafka.v1.PublishedState;

/**
 * Reads the messages {@link NatsEventPublisher} and {@link NatsStatePublisher} sent:
 * parses the data into its envelope and the envelope's payload into the typed event or
 * state, with the message types the consumer knows.
 *
 * <pre>{@code
 * PublishedMessages messages = PublishedMessages.of(AccountOpened.getDefaultInstance(),
 *         AccountCredited.getDefaultInstance());
 * ConsumerContext consumer = connection.getConsumerContext("EGO_EVENTS", "billing");
 * consumer.consume((message) -> {
 *     ReceivedEvent received = messages.event(message);
 *     // ...
 *     message.ack();
 * });
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class PublishedMessages {

	private final Map<String, Parser<? extends Message>> parsers;

	private PublishedMessages(Map<String, Parser<? extends Message>> parsers) {
		this.parsers = parsers;
	}

	/**
	 * Creates a reader for the given event and state types.
	 * @param types an instance of each type, typically its default instance
	 * @return the reader
	 */
	public static PublishedMessages of(Message... types) {
		return of(List.of(types));
	}

	/**
	 * Creates a reader for the given event and state types.
	 * @param types an instance of each type, typically its default instance
	 * @return the reader
	 */
	public static PublishedMessages of(Collection<? extends Message> types) {
		Map<String, Parser<? extends Message>> parsers = new TreeMap<>();
		for (Message type : types) {
			parsers.put(type.getDescriptorForType().getFullName(), type.getParserForType());
		}
		return new PublishedMessages(Collections.unmodifiableMap(parsers));
	}

	/**
	 * @return the protobuf full names of the types this reader knows, sorted
	 */
	public Set<String> types() {
		return this.parsers.keySet();
	}

	/**
	 * Reads an event message.
	 * @param message the message
	 * @return the envelope and the typed event
	 * @throws IllegalArgumentException when the data is not a {@link PublishedEvent} or
	 * its event type is not known (the message names the type)
	 */
	// fully qualified: the protobuf Message is imported
	public ReceivedEvent event(io.nats.client.Message message) {
		return event(data(message));
	}

	/**
	 * Reads a state message.
	 * @param message the message
	 * @return the envelope and the typed state
	 * @throws IllegalArgumentException when the data is not a {@link PublishedState} or
	 * its state type is not known
	 */
	// fully qualified: the protobuf Message is imported
	public ReceivedState state(io.nats.client.Message message) {
		return state(data(message));
	}

	// fully qualified: the protobuf Message is imported
	private static byte[] data(io.nats.client.Message message) {
		byte[] data = message.getData();
		return (data != null) ? data : new byte[0];
	}

	/**
	 * Reads an event message.
	 * @param value the message data
	 * @return the envelope and the typed event
	 * @throws IllegalArgumentException when the value is not a {@link PublishedEvent} or
	 * its event type is not known (the message names the type)
	 */
	public ReceivedEvent event(byte[] value) {
		PublishedEvent envelope;
		try {
			envelope = PublishedEvent.parseFrom(value);
		}
		catch (InvalidProtocolBufferException ex) {
			throw notAn(PublishedEvent.getDescriptor().getFullName(), ex);
		}
		return new ReceivedEvent(envelope, parse(envelope.getEventType(), envelope.getPayload()));
	}

	/**
	 * Reads a state message.
	 * @param value the message data
	 * @return the envelope and the typed state
	 * @throws IllegalArgumentException when the value is not a {@link PublishedState} or
	 * its state type is not known
	 */
	public ReceivedState state(byte[] value) {
		PublishedState envelope;
		try {
			envelope = PublishedState.parseFrom(value);
		}
		catch (InvalidProtocolBufferException ex) {
			throw notAn(PublishedState.getDescriptor().getFullName(), ex);
		}
		return new ReceivedState(envelope, parse(envelope.getStateType(), envelope.getPayload()));
	}

	private Message parse(String type, ByteString payload) {
		Parser<? extends Message> parser = this.parsers.get(type);
		if (parser == null) {
			throw new IllegalArgumentException("unknown message type '" + type + "': known are " + types());
		}
		try {
			return parser.parseFrom(payload);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("payload is not a valid '" + type + "': " + ex.getMessage(), ex);
		}
	}

	private static IllegalArgumentException notAn(String type, InvalidProtocolBufferException ex) {
		return new IllegalArgumentException("message value is not an " + type + ": " + ex.getMessage(), ex);
	}

}
