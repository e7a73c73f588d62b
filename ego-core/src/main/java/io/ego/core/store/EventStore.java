package io.ego.core.store;

import java.util.List;

/**
 * The journal: appends events with optimistic concurrency, replays an entity's history, and reads all
 * events by global position.
 * <p>
 * Implementations must be thread-safe. Methods block until the store answered (callers run on virtual
 * threads) and report failures as {@link StoreException}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface EventStore {

	/**
	 * Appends events of one entity atomically: all or none.
	 * @param persistenceId the entity's persistence id
	 * @param expectedSequenceNr the sequence number of the entity's last event the writer knows ({@code 0} for a
	 * new entity); the first event carries {@code expectedSequenceNr + 1} and the others follow without gaps
	 * @param events the events, not empty, all of {@code persistenceId}, with position {@code 0}
	 * @throws AppendConflictException when the entity's history does not end at {@code expectedSequenceNr}
	 * @throws StoreOutcomeUnknownException when the events may or may not have been written (e.g. the commit's answer
	 * was lost)
	 * @throws StoreException when the store failed and nothing was written
	 * @throws IllegalArgumentException when the input does not fit the store; nothing was written
	 */
	void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events);

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
	 * Reads an entity's events to recover it: like {@link #replay}, but a store may leave out what recovery does not
	 * read — the events then carry position {@code 0} and write time {@link java.time.Instant#EPOCH} — and read
	 * less per event. The default is {@link #replay}.
	 * @param persistenceId the persistence id
	 * @param fromSequenceNr the first sequence number, inclusive
	 * @param toSequenceNr the last sequence number, inclusive
	 * @param limit the maximum number of events returned, positive
	 * @return the events, ascending by sequence number, at most {@code limit}, with their sequence number, type,
	 * payload, key id and metadata
	 */
	default List<PersistedEvent> replayForRecovery(String persistenceId, long fromSequenceNr, long toSequenceNr,
			int limit) {
		return replay(persistenceId, fromSequenceNr, toSequenceNr, limit);
	}

	/**
	 * Returns the highest sequence number ever appended for an entity, also after its events were deleted.
	 * @param persistenceId the persistence id
	 * @return the highest sequence number, {@code 0} when the entity has no history
	 */
	long highestSequenceNr(String persistenceId);

	/**
	 * Reads events of all entities after a global position, in position order, without gaps: an event whose
	 * write commits after a higher position became visible is never skipped (implementations only return
	 * events below their visibility horizon).
	 * @param afterPosition the exclusive lower bound ({@code 0} reads from the beginning)
	 * @param minSlice the lowest slice, inclusive
	 * @param maxSlice the highest slice, inclusive
	 * @param limit the maximum number of events, positive
	 * @return the events, ascending by position
	 */
	List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit);

	/**
	 * Returns the highest position that {@link #eventsAfter} can currently return, {@code 0} when empty.
	 * @return the head position
	 */
	long headPosition();

	/**
	 * Counts the events {@link #eventsAfter} would return, up to a limit: a reader's lag in its slice range. The
	 * default reads them page by page; stores should count in place.
	 * @param afterPosition the exclusive lower bound
	 * @param minSlice the lowest slice, inclusive
	 * @param maxSlice the highest slice, inclusive
	 * @param limit the most events counted, positive
	 * @return the number of events, at most {@code limit}
	 */
	default long countAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		long counted = 0;
		long after = afterPosition;
		while (counted < limit) {
			List<PersistedEvent> page = eventsAfter(after, minSlice, maxSlice, (int) Math.min(1_000, limit - counted));
			if (page.isEmpty()) {
				break;
			}
			counted += page.size();
			after = page.get(page.size() - 1).position();
		}
		return counted;
	}

	/**
	 * Returns the highest position of an event written before a time, to start reading at that time. The default
	 * scans the journal; stores override it with an indexed query.
	 * @param time the time
	 * @return the position after which events were written at or after {@code time} ({@code 0} for all)
	 */
	default long positionBefore(java.time.Instant time) {
		long position = 0;
		for (;;) {
			List<PersistedEvent> page = eventsAfter(position, 0, PersistedEvent.SLICE_COUNT - 1, 1000);
			for (PersistedEvent event : page) {
				if (!event.writeTime().isBefore(time)) {
					return position;
				}
				position = event.position();
			}
			if (page.size() < 1000) {
				return position;
			}
		}
	}

	/**
	 * Deletes a prefix of an entity's history: the events with a sequence number up to {@code toSequenceNr} and
	 * a position up to {@code maxPosition}. The highest sequence number stays known.
	 * @param persistenceId the persistence id
	 * @param toSequenceNr the highest sequence number to delete, inclusive
	 * @param maxPosition the highest global position to delete, inclusive ({@code Long.MAX_VALUE} for no bound)
	 */
	void deleteEvents(String persistenceId, long toSequenceNr, long maxPosition);

}
