package io.ego.core.store;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the latest state of durable-state entities, written with an optimistic revision check.
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
	 */
	void upsert(DurableStateRecord state);

	/**
	 * Deletes the stored state; a no-op when there is none.
	 * @param persistenceId the entity
	 */
	void delete(String persistenceId);

}
