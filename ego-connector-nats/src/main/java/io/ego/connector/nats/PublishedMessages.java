package io.ego.connector.nats;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.google.protobuf.Message;
import io.ego.connector.support.EnvelopeReader;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;

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

	private final EnvelopeReader reader;

	private PublishedMessages(EnvelopeReader reader) {
		this.reader = reader;
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
		return new PublishedMessages(EnvelopeReader.of(types));
	}

	/**
	 * @return the protobuf full names of the types this reader knows, sorted
	 */
	public Set<String> types() {
		return this.reader.types();
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
		PublishedEvent envelope = this.reader.event(value);
		return new ReceivedEvent(envelope, this.reader.payload(envelope));
	}

	/**
	 * Reads a state message.
	 * @param value the message data
	 * @return the envelope and the typed state
	 * @throws IllegalArgumentException when the value is not a {@link PublishedState} or
	 * its state type is not known
	 */
	public ReceivedState state(byte[] value) {
		PublishedState envelope = this.reader.state(value);
		return new ReceivedState(envelope, this.reader.payload(envelope));
	}

}
