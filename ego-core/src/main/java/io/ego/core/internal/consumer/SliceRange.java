package io.ego.core.internal.consumer;

import java.util.ArrayList;
import java.util.List;

import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;

/**
 * The slices one worker of a consumer reads, {@code min} to {@code max} inclusive. Its
 * {@link #toString() text} {@code "min-max"} is the worker's partition: the key of its
 * offset and lease rows and the name operators see in
 * {@link io.ego.core.projection.ProjectionStatus.Worker#partition()}.
 *
 * @param min the lowest slice, inclusive
 * @param max the highest slice, inclusive
 * @author eGo team
 * @since 0.1.0
 */
record SliceRange(int min, int max) {

	SliceRange {
		if (min < 0 || max < min || max >= PersistedEvent.SLICE_COUNT) {
			throw new IllegalArgumentException("a slice range needs 0 <= min <= max < " + PersistedEvent.SLICE_COUNT
					+ " but was " + min + "-" + max);
		}
	}

	/**
	 * Splits all slices into ranges of (almost) equal size, one per worker, in slice
	 * order.
	 * @param parallelism the number of workers, positive
	 * @return the ranges
	 */
	static List<SliceRange> split(int parallelism) {
		int slices = PersistedEvent.SLICE_COUNT;
		List<SliceRange> ranges = new ArrayList<>(parallelism);
		for (int i = 0; i < parallelism; i++) {
			ranges.add(new SliceRange(i * slices / parallelism, (i + 1) * slices / parallelism - 1));
		}
		return List.copyOf(ranges);
	}

	/**
	 * Reads a stored partition back.
	 * @param partition a partition, as {@link #toString()} writes it
	 * @return its range, or {@code null} when it is no slice range (a control row)
	 */
	static @Nullable SliceRange parse(String partition) {
		int dash = partition.indexOf('-');
		if (dash <= 0) {
			return null;
		}
		try {
			int min = Integer.parseInt(partition.substring(0, dash));
			int max = Integer.parseInt(partition.substring(dash + 1));
			return (min >= 0 && max >= min && max < PersistedEvent.SLICE_COUNT) ? new SliceRange(min, max) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * @return whether the two ranges share a slice
	 */
	boolean overlaps(SliceRange other) {
		return other.min <= this.max && other.max >= this.min;
	}

	/**
	 * @return whether the range holds a slice
	 */
	boolean contains(int slice) {
		return slice >= this.min && slice <= this.max;
	}

	/**
	 * @return the partition: {@code "min-max"}
	 */
	@Override
	public String toString() {
		return this.min + "-" + this.max;
	}

}
