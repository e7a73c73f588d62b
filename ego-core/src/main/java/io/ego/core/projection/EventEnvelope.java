package io.ego.core.projection;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Message;

/**
 * An event as a projection receives it: the typed event and where it sits in the journal.
 *
 * @param persistenceId the entity's persistence id ({@code entityType|entityId})
 * @param entityType the entity type name
 * @param entityId the entity id
 * @param sequenceNr the event's sequence number in the entity's history
 * @param position the event's global position in the journal
 * @param slice the slice of the persistence id
 * @param event the event
 * @param writeTime when the event was written
 * @param metadata the event's metadata
 * @author eGo team
 * @since 0.1.0
 */
public record EventEnvelope(String persistenceId, String entityType, String entityId, long sequenceNr, long position,
		int slice, Message event, Instant writeTime, Map<String, String> metadata) {
}
