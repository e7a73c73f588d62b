package io.ego.core.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps consumers' offsets, keyed by (consumer, partition).
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface OffsetStore {

	/**
	 * Inserts or replaces the offset of (consumer, partition).
	 * @param offset the offset
	 */
	void save(Offset offset);

	/**
	 * Returns one offset.
	 * @param consumer the consumer
	 * @param partition the partition
	 * @return the offset, or {@code null} when none was saved
	 */
	@Nullable Offset get(String consumer, String partition);

	/**
	 * Returns all offsets of a consumer, ordered by partition.
	 * @param consumer the consumer
	 * @return the offsets, possibly empty
	 */
	List<Offset> load(String consumer);

	/**
	 * Deletes all offsets of a consumer (e.g. to rebuild a projection from the beginning).
	 * @param consumer the consumer
	 */
	void delete(String consumer);

}
