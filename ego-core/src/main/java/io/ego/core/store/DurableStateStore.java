package io.ego.core.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the latest state of durable-state entities, written with an optimistic revision check.
 * <p>
 * A store may also offer a <em>change feed</em> ({@link #changesAfter}, {@link #changesHeadPosition}), which state
 * publishers read like projections read the journal: every write gives the state a new global position (positions of
 * the change feed are the store's own, unrelated to journal positions). The feed has compaction semantics: it holds
 * the <em>latest</em> state of each entity at the position of its latest write, so a state superseded by a newer
 * revision before a reader got to it is skipped — but the newest state of every entity is always delivered, and a
 * reader that follows the feed sees the revisions of one entity in increasing order. Deletes are not in the feed:
 * a deleted state leaves it.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface DurableStateStore {

	/**
	 * Returns the stored state.
	 * @param persistenceId the entity
	 * @return the state, or {@code null} when the entity was never written (or was deleted)
	 */
	@Nullable DurableStateRecord get(String persistenceId);

	/**
	 * Writes a state whose revision is {@code expectedRevision + 1}: an insert when {@code expectedRevision} is
	 * {@code 0}, else an update of the row holding {@code expectedRevision}.
	 * @param state the new state
	 * @throws RevisionConflictException when the stored revision is not {@code state.revision() - 1}
	 * @throws StoreOutcomeUnknownException when the state may or may not have been written (e.g. the connection broke
	 * while the write ran)
	 * @throws StoreException when the store failed and nothing was written
	 * @throws IllegalArgumentException when the input does not fit the store; nothing was written
	 */
	void upsert(DurableStateRecord state);

	/**
	 * Deletes the stored state; a no-op when there is none.
	 * @param persistenceId the entity
	 */
	void delete(String persistenceId);

	/**
	 * Reads the change feed: the current states whose latest write has a position after {@code afterPosition}, in
	 * position order, without gaps: a write whose transaction commits after a higher position became visible is
	 * never skipped (implementations only return positions below their visibility horizon). A state written again
	 * after it was read comes again, at its new, higher position.
	 * @param afterPosition the exclusive lower bound ({@code 0} reads from the beginning)
	 * @param minSlice the lowest slice, inclusive
	 * @param maxSlice the highest slice, inclusive
	 * @param limit the maximum number of states, positive
	 * @return the states with their positions, ascending by position
	 * @throws UnsupportedOperationException when the store has no change feed (the default)
	 */
	default List<DurableStateChange> changesAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		throw new UnsupportedOperationException(getClass().getName()
				+ " has no durable-state change feed: state publishers need a store that implements changesAfter");
	}

	/**
	 * Returns the highest position that {@link #changesAfter} can currently return, {@code 0} when empty.
	 * @return the head position of the change feed
	 * @throws UnsupportedOperationException when the store has no change feed (the default)
	 */
	default long changesHeadPosition() {
		throw new UnsupportedOperationException(getClass().getName()
				+ " has no durable-state change feed: state publishers need a store that implements changesHeadPosition");
	}

}
