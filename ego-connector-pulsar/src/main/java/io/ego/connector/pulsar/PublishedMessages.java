package io.ego.connector.pulsar;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.google.protobuf.Message;
import io.ego.connector.support.EnvelopeReader;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;

/**
 * Reads the messages {@link PulsarEventPublisher} and {@link PulsarStatePublisher} sent:
 * parses the value into its envelope and the envelope's payload into the typed event or
 * state, with the message types the consumer knows.
 *
 * <pre>{@code
 * PublishedMessages messages = PublishedMessages.of(AccountOpened.getDefaultInstance(),
 *         AccountCredited.getDefaultInstance());
 * Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES).topic("ego-events")
 *         .subscriptionName("billing").subscriptionType(SubscriptionType.Key_Shared).subscribe();
 * Message<byte[]> message = consumer.receive();
 * ReceivedEvent received = messages.event(message.getValue());
 * consumer.acknowledge(message);
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
	 * @param value the message value
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
	 * @param value the message value
	 * @return the envelope and the typed state
	 * @throws IllegalArgumentException when the value is not a {@link PublishedState} or
	 * its state type is not known
	 */
	public ReceivedState state(byte[] value) {
		PublishedState envelope = this.reader.state(value);
		return new ReceivedState(envelope, this.reader.payload(envelope));
	}

}
