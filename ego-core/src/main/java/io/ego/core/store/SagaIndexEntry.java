package io.ego.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The status of one saga instance in the {@link SagaIndexStore}.
 *
 * @param saga the saga's name
 * @param sagaId the instance's id
 * @param status the name of its status ({@code RUNNING}, {@code COMPLETED},
 * {@code COMPENSATING}, {@code COMPENSATED} or {@code FAILED}; at most 16 characters)
 * @param sequenceNr the sequence number of the instance's event that set it
 * @param updatedAt when that event was written
 * @param reason why it failed or compensates, else empty
 * @author eGo team
 * @since 0.2.0
 */
public record SagaIndexEntry(String saga, String sagaId, String status, long sequenceNr, Instant updatedAt,
		String reason) {

	/** The longest reason a store keeps; longer ones are cut. */
	public static final int MAX_REASON_LENGTH = 1_000;

	public SagaIndexEntry {
		Objects.requireNonNull(saga, "saga");
		Objects.requireNonNull(sagaId, "sagaId");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(updatedAt, "updatedAt");
		Objects.requireNonNull(reason, "reason");
		if (status.isEmpty() || status.length() > 16) {
			throw new IllegalArgumentException("status must have 1 to 16 characters but was '" + status + "'");
		}
		if (sequenceNr < 1) {
			throw new IllegalArgumentException("sequenceNr must be positive but was " + sequenceNr);
		}
		if (reason.length() > MAX_REASON_LENGTH) {
			reason = reason.substring(0, MAX_REASON_LENGTH);
		}
	}

}
