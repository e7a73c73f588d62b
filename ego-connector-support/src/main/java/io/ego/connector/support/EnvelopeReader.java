package io.ego.connector.support;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;

/**
 * Reads what a connector published: parses a value into its envelope, and an envelope's
 * payload into the typed event or state, with the message types the consumer knows. The
 * connectors' consumer helpers build on it.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EnvelopeReader {

	private final Map<String, Parser<? extends Message>> parsers;

	private EnvelopeReader(Map<String, Parser<? extends Message>> parsers) {
		this.parsers = parsers;
	}

	/**
	 * Creates a reader for the given event and state types.
	 * @param types an instance of each type, typically its default instance
	 * @return the reader
	 */
	public static EnvelopeReader of(Collection<? extends Message> types) {
		Map<String, Parser<? extends Message>> parsers = new TreeMap<>();
		for (Message type : types) {
			parsers.put(type.getDescriptorForType().getFullName(), type.getParserForType());
		}
		return new EnvelopeReader(Collections.unmodifiableMap(parsers));
	}

	/**
	 * @return the protobuf full names of the types this reader knows, sorted
	 */
	public Set<String> types() {
		return this.parsers.keySet();
	}

	/**
	 * Parses an event's envelope.
	 * @param value the message value (data)
	 * @return the envelope
	 * @throws IllegalArgumentException when the value is not a {@link PublishedEvent}
	 */
	public PublishedEvent event(byte[] value) {
		try {
			return PublishedEvent.parseFrom(value);
		}
		catch (InvalidProtocolBufferException ex) {
			throw notAn(PublishedEvent.getDescriptor().getFullName(), ex);
		}
	}

	/**
	 * Parses a state's envelope.
	 * @param value the message value (data)
	 * @return the envelope
	 * @throws IllegalArgumentException when the value is not a {@link PublishedState}
	 */
	public PublishedState state(byte[] value) {
		try {
			return PublishedState.parseFrom(value);
		}
		catch (InvalidProtocolBufferException ex) {
			throw notAn(PublishedState.getDescriptor().getFullName(), ex);
		}
	}

	/**
	 * @param envelope an event's envelope
	 * @return the typed event its payload holds
	 * @throws IllegalArgumentException when its event type is not known (the message
	 * names the type) or the payload does not parse as that type
	 */
	public Message payload(PublishedEvent envelope) {
		return parse(envelope.getEventType(), envelope.getPayload());
	}

	/**
	 * @param envelope a state's envelope
	 * @return the typed state its payload holds
	 * @throws IllegalArgumentException when its state type is not known or the payload
	 * does not parse as that type
	 */
	public Message payload(PublishedState envelope) {
		return parse(envelope.getStateType(), envelope.getPayload());
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
