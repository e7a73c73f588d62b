package io.ego.core.projection;

import java.time.Duration;
import java.util.List;

/**
 * A read-only view of the journal by global position, for readers that keep their own
 * position outside the engine (a connector streaming events to clients that resume from
 * the last position they saw). Events arrive as projections receive them: decrypted,
 * converted by the event adapters, an erased entity's events replaced by
 * {@link io.ego.core.v1.ErasedEvent}. Get one from
 * {@link io.ego.core.EgoEngine#journalReader()}; a reader is not thread-safe (use one per
 * thread).
 *
 * @author eGo team
 * @since 0.2.0
 */
public interface JournalReader {

	/**
	 * Reads the events after a position, in position order and without gaps (an event
	 * whose write commits after a higher position became visible is never skipped). The
	 * events an adapter made of one stored event share its position and follow each
	 * other; a stored event an adapter dropped has none, but still moves the page's
	 * {@link Page#position() position}.
	 * @param afterPosition the exclusive lower bound ({@code 0} reads from the beginning)
	 * @param limit the maximum number of stored events read, positive
	 * @return the page
	 */
	Page eventsAfter(long afterPosition, int limit);

	/**
	 * @return the highest position {@link #eventsAfter} can currently return, {@code 0}
	 * when the journal is empty
	 */
	long headPosition();

	/**
	 * Waits until the journal's head is past a position, or this node appended events, or
	 * the time is up: a reader that caught up calls it between reads instead of polling.
	 * Writes of other nodes are seen when the time is up.
	 * @param afterPosition the position the reader has read up to
	 * @param timeout the longest wait
	 */
	void awaitEventsAfter(long afterPosition, Duration timeout);

	/**
	 * A page of the journal.
	 *
	 * @param events the envelopes, ascending by position
	 * @param position the position of the last stored event read: where the next page
	 * starts ({@code afterPosition} when none was read)
	 */
	record Page(List<EventEnvelope> events, long position) {

		/**
		 * Copies the events.
		 */
		public Page {
			events = List.copyOf(events);
		}

	}

}
