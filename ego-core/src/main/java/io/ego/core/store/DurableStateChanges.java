package io.ego.core.store;

import java.util.List;

/**
 * The <em>change feed</em> of a {@link DurableStateStore}: a capability a store may offer
 * besides its writes, which state publishers read like projections read the journal.
 * Every write gives the state a new global position (positions of the change feed are the
 * store's own, unrelated to journal positions). The feed has compaction semantics: it
 * holds the <em>latest</em> state of each entity at the position of its latest write, so
 * a state superseded by a newer revision before a reader got to it is skipped — but the
 * newest state of every entity is always delivered, and a reader that follows the feed
 * sees the revisions of one entity in increasing order. Deletes are not in the feed: a
 * deleted state leaves it.
 * <p>
 * A durable-state store with a change feed implements this interface too (the in-memory
 * and JDBC stores do); state publishers need such a store. Implementations are
 * thread-safe; failures are {@link StoreException}s.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface DurableStateChanges {

	/**
	 * Reads the change feed: the current states whose latest write has a position after
	 * {@code afterPosition}, in position order, without gaps: a write whose transaction
	 * commits after a higher position became visible is never skipped (implementations
	 * only return positions below their visibility horizon). A state written again after
	 * it was read comes again, at its new, higher position.
	 * @param afterPosition the exclusive lower bound ({@code 0} reads from the beginning)
	 * @param minSlice the lowest slice, inclusive
	 * @param maxSlice the highest slice, inclusive
	 * @param limit the maximum number of states, positive
	 * @return the states with their positions, ascending by position
	 */
	List<DurableStateChange> changesAfter(long afterPosition, int minSlice, int maxSlice, int limit);

	/**
	 * Returns the highest position that {@link #changesAfter} can currently return,
	 * {@code 0} when empty.
	 * @return the head position of the change feed
	 */
	long changesHeadPosition();

}
