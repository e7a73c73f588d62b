package io.ego.core.store;

import java.time.Instant;
import java.util.List;

/**
 * The read-by-position side of a journal: what projections and publishers read. Rows are
 * {@link PersistedEvent}s in global position order; a reader keeps the position it has
 * handled up to (its offset) and asks for what follows. Every {@link EventStore} is one;
 * the durable-state change feed ({@link DurableStateChanges}) is read through one by
 * state publishers.
 * <p>
 * Implementations must be thread-safe. Methods block until the store answered (callers
 * run on virtual threads) and report failures as {@link StoreException}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface JournalQuery {

	/**
	 * Reads events of all entities after a global position, in position order, without
	 * gaps: an event whose write commits after a higher position became visible is never
	 * skipped (implementations only return events below their visibility horizon).
	 * @param afterPosition the exclusive lower bound ({@code 0} reads from the beginning)
	 * @param minSlice the lowest slice, inclusive
	 * @param maxSlice the highest slice, inclusive
	 * @param limit the maximum number of events, positive
	 * @return the events, ascending by position
	 */
	List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit);

	/**
	 * Returns the highest position that {@link #eventsAfter} can currently return,
	 * {@code 0} when empty.
	 * @return the head position
	 */
	long headPosition();

	/**
	 * Counts the events {@link #eventsAfter} would return, up to a limit: a reader's lag
	 * in its slice range. The default reads them page by page; stores should count in
	 * place.
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
	 * Returns the highest position of an event written before a time, to start reading at
	 * that time. The default scans the journal; stores override it with an indexed query.
	 * @param time the time
	 * @return the position after which events were written at or after {@code time}
	 * ({@code 0} for all)
	 * @throws UnsupportedOperationException when the rows' positions do not follow their
	 * write times (the durable-state change feed, whose rows move to the position of
	 * their latest write)
	 */
	default long positionBefore(Instant time) {
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

}
