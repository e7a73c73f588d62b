package io.ego.connector.kafka;

import com.google.protobuf.Message;
import io.ego.connector.v1.PublishedEvent;

/**
 * A published event read back: the envelope and the typed event it carries.
 *
 * @param envelope the record value, parsed
 * @param event the event message, parsed from {@link PublishedEvent#getPayload()} as
 * {@link PublishedEvent#getEventType()}
 * @author eGo team
 * @since 0.1.0
 */
public record ReceivedEvent(PublishedEvent envelope, Message event) {

	/**
	 * @return the entity's persistence id, {@code <entityType>|<entityId>}
	 */
	public String persistenceId() {
		return this.envelope.getPersistenceId();
	}

	/**
	 * @return the event's sequence number in its entity's history
	 */
	public long sequenceNr() {
		return this.envelope.getSequenceNr();
	}

	/**
	 * Returns the event as the given type.
	 * @param type the expected message class
	 * @param <T> the message type
	 * @return the event
	 * @throws ClassCastException when the event is of another type
	 */
	public <T extends Message> T event(Class<T> type) {
		return type.cast(this.event);
	}

}
