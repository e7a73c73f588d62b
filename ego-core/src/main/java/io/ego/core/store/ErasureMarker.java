package io.ego.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Records that an entity was erased ({@link io.ego.core.EgoEngine#eraseEntity}): the
 * engine rejects its later commands, or starts it over after {@code erasedToSequenceNr},
 * depending on the {@link io.ego.core.ErasureMode}.
 *
 * @param persistenceId the erased entity
 * @param entityType its entity type name
 * @param erasedToSequenceNr the highest erased sequence number (event-sourced) or
 * revision (durable state); {@code 0} when the entity had no history
 * @param erasedAt when it was erased
 * @author eGo team
 * @since 0.1.0
 */
public record ErasureMarker(String persistenceId, String entityType, long erasedToSequenceNr, Instant erasedAt) {

	public ErasureMarker {
		Objects.requireNonNull(persistenceId, "persistenceId");
		Objects.requireNonNull(entityType, "entityType");
		Objects.requireNonNull(erasedAt, "erasedAt");
		if (erasedToSequenceNr < 0) {
			throw new IllegalArgumentException("erasedToSequenceNr must be >= 0 but was " + erasedToSequenceNr);
		}
	}

}
