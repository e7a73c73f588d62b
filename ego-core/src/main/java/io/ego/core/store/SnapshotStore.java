package io.ego.core.store;

import org.jspecify.annotations.Nullable;

/**
 * Keeps snapshots of event-sourced entities. Thread-safe; failures are
 * {@link StoreException}s.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface SnapshotStore {

	/**
	 * Saves a snapshot; saving the same (persistence id, sequence number) again replaces
	 * it.
	 * @param snapshot the snapshot
	 */
	void save(SnapshotRecord snapshot);

	/**
	 * Returns the snapshot with the highest sequence number.
	 * @param persistenceId the entity
	 * @return the latest snapshot, or {@code null} when there is none
	 */
	@Nullable SnapshotRecord latest(String persistenceId);

	/**
	 * Deletes the entity's snapshots up to a sequence number.
	 * @param persistenceId the entity
	 * @param toSequenceNr the highest sequence number to delete, inclusive
	 */
	void deleteUpTo(String persistenceId, long toSequenceNr);

}
