package io.ego.core.store;

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

}
