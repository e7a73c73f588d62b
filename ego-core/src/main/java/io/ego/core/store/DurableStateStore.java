package io.ego.core.store;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the latest state of durable-state entities, written with an optimistic revision
 * check.
 * <p>
 * A store may also offer a <em>change feed</em>, which state publishers read: it then
 * implements {@link DurableStateChanges} too.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface DurableStateStore {

	/**
	 * Returns the stored state.
	 * @param persistenceId the entity
	 * @return the state, or {@code null} when the entity was never written (or was
	 * deleted)
	 */
	@Nullable DurableStateRecord get(String persistenceId);

	/**
	 * Writes a state whose revision is {@code expectedRevision + 1}: an insert when
	 * {@code expectedRevision} is {@code 0}, else an update of the row holding
	 * {@code expectedRevision}.
	 * @param state the new state
	 * @throws RevisionConflictException when the stored revision is not
	 * {@code state.revision() - 1}
	 * @throws StoreOutcomeUnknownException when the state may or may not have been
	 * written (e.g. the connection broke while the write ran)
	 * @throws StoreException when the store failed and nothing was written
	 * @throws IllegalArgumentException when the input does not fit the store; nothing was
	 * written
	 */
	void upsert(DurableStateRecord state);

	/**
	 * Deletes the stored state; a no-op when there is none.
	 * @param persistenceId the entity
	 */
	void delete(String persistenceId);

	/**
	 * Writes a state copied from another store, keeping its revision (a migration): the
	 * entity must have no state, or hold revision {@code 1} of this same state (type,
	 * payload and key id: a restore interrupted between its steps, which stores may take
	 * two for). The change-feed position is this store's own. The default throws.
	 * @param state the state, at any revision
	 * @throws RevisionConflictException when the entity holds another state
	 * @throws UnsupportedOperationException when the store cannot do it
	 * @since 0.2.0
	 */
	default void restore(DurableStateRecord state) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot restore a state at its revision");
	}

}
