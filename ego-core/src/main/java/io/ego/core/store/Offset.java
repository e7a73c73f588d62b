package io.ego.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a consumer (a projection worker, a publisher) has read the journal.
 *
 * @param consumer the consumer's name
 * @param partition the part of the journal this offset covers (e.g. a slice range
 * {@code "0-511"})
 * @param position the global position of the last event handled
 * @param updatedAt when the offset was saved
 * @author eGo team
 * @since 0.1.0
 */
public record Offset(String consumer, String partition, long position, Instant updatedAt) {

	public Offset {
		Objects.requireNonNull(consumer, "consumer");
		Objects.requireNonNull(partition, "partition");
		Objects.requireNonNull(updatedAt, "updatedAt");
		if (position < 0) {
			throw new IllegalArgumentException("position must be >= 0 but was " + position);
		}
	}

}
