package io.ego.core.store;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The status of every saga instance, kept by the saga's dispatcher from the instances'
 * events so that operators count and list instances by status without reading their
 * histories. Written at least once per change, possibly out of order (after a restart):
 * an entry only replaces one with a lower sequence number.
 *
 * @author eGo team
 * @since 0.2.0
 */
public interface SagaIndexStore {

	/**
	 * Records an instance's status, unless the store holds one of the same instance with
	 * a higher or equal sequence number.
	 * @param entry the instance's status
	 * @throws StoreException when the store cannot be reached
	 */
	void update(SagaIndexEntry entry);

	/**
	 * Records the statuses of several instances as {@link #update} does each, in one
	 * round trip where the store can (the default updates them one by one).
	 * @param entries the statuses, at most one per instance
	 * @throws StoreException when the store cannot be reached
	 */
	default void updateAll(List<SagaIndexEntry> entries) {
		for (SagaIndexEntry entry : entries) {
			update(entry);
		}
	}

	/**
	 * Counts a saga's instances by status.
	 * @param saga the saga's name
	 * @return the counts by status name, of the statuses that have instances
	 * @throws StoreException when the store cannot be reached
	 */
	Map<String, Long> counts(String saga);

	/**
	 * Lists a saga's instances of one status, by id.
	 * @param saga the saga's name
	 * @param status the status name
	 * @param afterId the last id of the previous page, or {@code null} for the first page
	 * @param limit the maximum number of entries, positive
	 * @return the entries, ascending by id, at most {@code limit}
	 * @throws StoreException when the store cannot be reached
	 */
	List<SagaIndexEntry> list(String saga, String status, @Nullable String afterId, int limit);

}
