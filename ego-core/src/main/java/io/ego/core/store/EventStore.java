package io.ego.core.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal: appends events with optimistic concurrency and replays an entity's history
 * (the write and replay side, here), and reads all events by global position (the query
 * side, {@link JournalQuery}, which projections and publishers read through).
 * <p>
 * Implementations must be thread-safe. Methods block until the store answered (callers
 * run on virtual threads) and report failures as {@link StoreException}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface EventStore extends JournalQuery {

	/**
	 * Appends events of one entity atomically: all or none.
	 * @param persistenceId the entity's persistence id
	 * @param expectedSequenceNr the sequence number of the entity's last event the writer
	 * knows ({@code 0} for a new entity); the first event carries
	 * {@code expectedSequenceNr + 1} and the others follow without gaps
	 * @param events the events, not empty, all of {@code persistenceId}, with position
	 * {@code 0}
	 * @throws AppendConflictException when the entity's history does not end at
	 * {@code expectedSequenceNr}
	 * @throws StoreOutcomeUnknownException when the events may or may not have been
	 * written (e.g. the commit's answer was lost)
	 * @throws StoreException when the store failed and nothing was written
	 * @throws IllegalArgumentException when the input does not fit the store; nothing was
	 * written
	 */
	void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events);

	/**
	 * Appends the events of several entities, each append all or none as {@link #append}
	 * does, and returns once every one is durable: for tools that write many entities at
	 * once (a store copy). A store may write them together (the JDBC stores put them in
	 * as few transactions as their batch size allows); the default appends them one after
	 * another.
	 * @param appends the appends, at most one per entity
	 * @throws AppendConflictException when an entity's history does not end where its
	 * append expects
	 * @throws StoreOutcomeUnknownException when some events may or may not have been
	 * written
	 * @throws StoreException when the store failed: the appends before the failing one
	 * (in the default) or those not in its transaction (in a store that groups them) may
	 * be durable, so a caller that retries must first read each entity's highest sequence
	 * number; the other failures are suppressed on the one thrown
	 * @throws IllegalArgumentException when an input does not fit the store; nothing of
	 * it was written
	 * @since 0.2.0
	 */
	default void appendAll(List<EntityAppend> appends) {
		for (EntityAppend append : appends) {
			append(append.persistenceId(), append.expectedSequenceNr(), append.events());
		}
	}

	/**
	 * Reads an entity's events in sequence order.
	 * @param persistenceId the persistence id
	 * @param fromSequenceNr the first sequence number, inclusive
	 * @param toSequenceNr the last sequence number, inclusive
	 * @param limit the maximum number of events returned, positive
	 * @return the events, ascending by sequence number, at most {@code limit}
	 */
	List<PersistedEvent> replay(String persistenceId, long fromSequenceNr, long toSequenceNr, int limit);

	/**
	 * Reads an entity's events to recover it: like {@link #replay}, but a store may leave
	 * out what recovery does not read — the events then carry position {@code 0} and
	 * write time {@link java.time.Instant#EPOCH} — and read less per event (the command
	 * ids in their metadata are then remembered from the time of recovery). The default
	 * is {@link #replay}.
	 * @param persistenceId the persistence id
	 * @param fromSequenceNr the first sequence number, inclusive
	 * @param toSequenceNr the last sequence number, inclusive
	 * @param limit the maximum number of events returned, positive
	 * @return the events, ascending by sequence number, at most {@code limit}, with their
	 * sequence number, type, payload, key id and metadata
	 */
	default List<PersistedEvent> replayForRecovery(String persistenceId, long fromSequenceNr, long toSequenceNr,
			int limit) {
		return replay(persistenceId, fromSequenceNr, toSequenceNr, limit);
	}

	/**
	 * Returns the highest sequence number ever appended for an entity, also after its
	 * events were deleted.
	 * @param persistenceId the persistence id
	 * @return the highest sequence number, {@code 0} when the entity has no history
	 */
	long highestSequenceNr(String persistenceId);

	/**
	 * Returns the highest sequence numbers of several entities, like
	 * {@link #highestSequenceNr} of each: for tools that walk many entities (a store
	 * copy). A store may read them in one query; the default asks for each.
	 * @param persistenceIds the persistence ids
	 * @return every given id with its highest sequence number, {@code 0} when it has no
	 * history
	 * @since 0.2.0
	 */
	default Map<String, Long> highestSequenceNrs(Collection<String> persistenceIds) {
		Map<String, Long> highest = new HashMap<>();
		for (String persistenceId : persistenceIds) {
			highest.put(persistenceId, highestSequenceNr(persistenceId));
		}
		return highest;
	}

	/**
	 * Deletes a prefix of an entity's history: the events with a sequence number up to
	 * {@code toSequenceNr} and a position up to {@code maxPosition}. The highest sequence
	 * number stays known.
	 * @param persistenceId the persistence id
	 * @param toSequenceNr the highest sequence number to delete, inclusive
	 * @param maxPosition the highest global position to delete, inclusive
	 * ({@code Long.MAX_VALUE} for no bound)
	 */
	void deleteEvents(String persistenceId, long toSequenceNr, long maxPosition);

	/**
	 * Lists the persistence ids that have a history (events, or a highest sequence number
	 * kept after their events were deleted), ascending in the store's order, a page at a
	 * time: for tools that walk every entity (migration, verification). The default
	 * throws: a store that cannot list its entities says so.
	 * @param afterPersistenceId the exclusive lower bound ({@code ""} for the first page)
	 * @param limit the most ids returned, positive
	 * @return the persistence ids, ascending, at most {@code limit}
	 * @throws UnsupportedOperationException when the store cannot list them
	 * @since 0.2.0
	 */
	default List<String> persistenceIds(String afterPersistenceId, int limit) {
		throw new UnsupportedOperationException(getClass().getName() + " does not list persistence ids");
	}

	/**
	 * Raises the highest sequence number of an entity to at least {@code sequenceNr}
	 * without writing events: what a copy of a history whose first (or all) events were
	 * deleted by retention needs, so that the next append continues after them. Never
	 * lowers it. The default throws.
	 * @param persistenceId the entity
	 * @param sequenceNr the highest sequence number the entity must have, positive
	 * @throws UnsupportedOperationException when the store cannot do it
	 * @since 0.2.0
	 */
	default void raiseHighestSequenceNr(String persistenceId, long sequenceNr) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot raise a highest sequence number");
	}

}
