package io.ego.core.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the {@link ErasureMarker erasure markers} of erased entities. Read once per
 * entity activation (not per command) and by journal readers meeting an event whose data
 * key is gone. Thread-safe; failures are {@link StoreException}s.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface ErasureStore {

	/**
	 * Inserts or replaces the marker of an entity (erasing an entity again moves its
	 * marker forward).
	 * @param marker the marker
	 */
	void save(ErasureMarker marker);

	/**
	 * Returns an entity's marker.
	 * @param persistenceId the entity
	 * @return the marker, or {@code null} when the entity was never erased
	 */
	@Nullable ErasureMarker get(String persistenceId);

	/**
	 * Lists the erasure markers, by persistence id (in the store's order), a page at a
	 * time: for tools that copy a store. The default throws.
	 * @param afterPersistenceId the exclusive lower bound ({@code ""} for the first page)
	 * @param limit the most returned, positive
	 * @return the markers
	 * @throws UnsupportedOperationException when the store cannot list them
	 * @since 0.2.0
	 */
	default List<ErasureMarker> markersAfter(String afterPersistenceId, int limit) {
		throw new UnsupportedOperationException(getClass().getName() + " does not list erasure markers");
	}

}
