package io.ego.core.store;

import java.util.List;
import java.util.Objects;

/**
 * One entity's events for {@link EventStore#appendAll}: what one
 * {@link EventStore#append} call takes.
 *
 * @param persistenceId the entity's persistence id
 * @param expectedSequenceNr the sequence number of the entity's last event the writer
 * knows ({@code 0} for a new entity)
 * @param events the events, not empty, all of {@code persistenceId}, with position
 * {@code 0}
 * @author eGo team
 * @since 0.2.0
 */
public record EntityAppend(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {

	/**
	 * Checks the parts are present and keeps an unmodifiable copy of the events.
	 */
	public EntityAppend {
		Objects.requireNonNull(persistenceId, "persistenceId");
		events = List.copyOf(events);
	}

}
