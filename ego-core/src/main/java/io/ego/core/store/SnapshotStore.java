package io.ego.core.store;

import java.util.List;

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

	/**
	 * Lists every snapshot, ordered by persistence id (in the store's order) and sequence
	 * number, a page at a time: for tools that copy or check a store. The default throws.
	 * @param afterPersistenceId the persistence id of the last snapshot of the previous
	 * page ({@code ""} for the first page)
	 * @param afterSequenceNr its sequence number ({@code 0} for the first page)
	 * @param limit the most snapshots returned, positive
	 * @return the snapshots after ({@code afterPersistenceId}, {@code afterSequenceNr})
	 * @throws UnsupportedOperationException when the store cannot list them
	 * @since 0.2.0
	 */
	default List<SnapshotRecord> snapshotsAfter(String afterPersistenceId, long afterSequenceNr, int limit) {
		throw new UnsupportedOperationException(getClass().getName() + " does not list snapshots");
	}

}
