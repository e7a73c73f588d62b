package io.ego.core.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event a projection (or publisher) gave up on, with the cause, kept so an operator
 * can inspect, retry or delete it. It carries the event itself, so retrying works after
 * retention deleted it from the journal.
 *
 * @param id the store-assigned id ({@code 0} before it is added)
 * @param consumer the projection or publisher that gave up
 * @param persistenceId the event's entity
 * @param sequenceNr the event's sequence number
 * @param position the event's global position
 * @param eventType the protobuf full name of the event
 * @param payload the serialized event
 * @param writeTime when the event was written
 * @param metadata the event's metadata
 * @param cause why handling failed (exception class and message)
 * @param attempts how many times handling was tried
 * @param failedAt when it was given up on
 * @author eGo team
 * @since 0.1.0
 */
public record DeadLetter(long id, String consumer, String persistenceId, long sequenceNr, long position,
		String eventType, byte[] payload, Instant writeTime, Map<String, String> metadata, String cause, int attempts,
		Instant failedAt) {

	public DeadLetter {
		Objects.requireNonNull(consumer, "consumer");
		Objects.requireNonNull(persistenceId, "persistenceId");
		Objects.requireNonNull(eventType, "eventType");
		Objects.requireNonNull(payload, "payload");
		Objects.requireNonNull(writeTime, "writeTime");
		Objects.requireNonNull(metadata, "metadata");
		Objects.requireNonNull(cause, "cause");
		Objects.requireNonNull(failedAt, "failedAt");
	}

	/**
	 * @param id the id the store assigned
	 * @return a copy with that id
	 */
	public DeadLetter withId(long id) {
		return new DeadLetter(id, this.consumer, this.persistenceId, this.sequenceNr, this.position, this.eventType,
				this.payload, this.writeTime, this.metadata, this.cause, this.attempts, this.failedAt);
	}

}
