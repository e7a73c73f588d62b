package io.ego.core.internal.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.store.JournalQuery;
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.PersistedEvent;

/**
 * Where a consumer's workers stand, read from the stored offsets so that it covers every
 * instance's workers: where a worker without an offset starts, the status with lag and
 * owner per worker, and the lowest handled position that retention honours.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Positions {

	/**
	 * Control partition holding where a consumer that starts at the end first started.
	 */
	static final String START = "start";

	/**
	 * The most rows a worker's lag counts (its slice range's rows after its offset); a
	 * bigger lag shows this.
	 */
	static final int LAG_COUNT_LIMIT = 100_000;

	private final String name;

	private final JournalQuery query;

	private final OffsetStore offsets;

	/** Where a worker without any stored offset starts reading. */
	private final long startFromEnd;

	Positions(String name, ProjectionSettings settings, JournalQuery query, OffsetStore offsets, Instant now) {
		this.name = name;
		this.query = query;
		this.offsets = offsets;
		this.startFromEnd = pinStart(settings, now);
	}

	/**
	 * Returns where a worker without any stored offset starts: {@code 0}, or for a
	 * consumer that starts at the end the head when it first ran, pinned in a control
	 * offset so that restarts and other instances start there too.
	 */
	private long pinStart(ProjectionSettings settings, Instant now) {
		if (settings.startFrom() != ProjectionSettings.StartFrom.END) {
			return 0;
		}
		Offset pinned = this.offsets.get(OffsetStore.CONTROL_PREFIX + this.name, START);
		if (pinned != null) {
			return pinned.position();
		}
		if (!this.offsets.load(this.name).isEmpty()) {
			// offsets stored before the start was pinned: workers start from those
			return 0;
		}
		long head = this.query.headPosition();
		this.offsets.save(new Offset(OffsetStore.CONTROL_PREFIX + this.name, START, head, now));
		return head;
	}

	/**
	 * Returns where a worker without an offset of its own starts: the lowest stored
	 * offset of any range that overlaps its own (after a change of parallelism), else the
	 * consumer's start.
	 * @param worker the worker
	 * @param stored the consumer's stored offsets
	 * @return the position after which it reads
	 */
	long startPosition(ConsumerWorker worker, List<Offset> stored) {
		long position = -1;
		for (Offset offset : stored) {
			SliceRange range = SliceRange.parse(offset.partition());
			if (range != null && range.overlaps(worker.range)) {
				position = (position < 0) ? offset.position() : Math.min(position, offset.position());
			}
		}
		return (position >= 0) ? position : this.startFromEnd;
	}

	/**
	 * Where a worker's offset stands in the store: its own, else where it would start.
	 */
	long storedPosition(ConsumerWorker worker, List<Offset> stored) {
		for (Offset offset : stored) {
			if (offset.partition().equals(worker.partition)) {
				return offset.position();
			}
		}
		return startPosition(worker, stored);
	}

	/**
	 * Returns the status with lag and owner per worker, whichever instance runs it.
	 * @param workers the consumer's workers
	 * @param clock the clock
	 * @return the workers' status, in slice order
	 */
	List<ProjectionStatus.Worker> workers(List<ConsumerWorker> workers, Clock clock) {
		long head = this.query.headPosition();
		Instant now = clock.instant();
		List<Offset> stored = this.offsets.load(this.name);
		Map<String, Lease> leases = new HashMap<>();
		for (Lease lease : this.offsets.leases(this.name)) {
			leases.put(lease.partition(), lease);
		}
		List<ProjectionStatus.Worker> result = new ArrayList<>();
		for (ConsumerWorker worker : workers) {
			SliceRange range = worker.range;
			long committed = worker.isRunning() ? worker.committed : storedPosition(worker, stored);
			Duration lagTime = Duration.ZERO;
			long lagEvents = 0;
			if (committed < head) {
				List<PersistedEvent> next = this.query.eventsAfter(committed, range.min(), range.max(), 1);
				if (!next.isEmpty()) {
					PersistedEvent oldest = next.get(0);
					lagEvents = this.query.countAfter(committed, range.min(), range.max(), LAG_COUNT_LIMIT);
					lagTime = Duration.between(oldest.writeTime(), now);
					if (lagTime.isNegative()) {
						lagTime = Duration.ZERO;
					}
				}
			}
			Lease lease = leases.get(worker.partition);
			String owner = (lease != null && !lease.isExpiredAt(now)) ? lease.owner() : null;
			result.add(new ProjectionStatus.Worker(worker.partition, range.min(), range.max(), committed, lagEvents,
					lagTime, owner));
		}
		return List.copyOf(result);
	}

	/**
	 * Returns the lowest position the given workers have handled, on whichever instance
	 * they run (from the stored offsets); a worker with nothing left to read in its
	 * slices counts as having handled everything up to the head.
	 * @param workers the workers
	 * @return the lowest handled position
	 */
	long lowestHandled(List<ConsumerWorker> workers) {
		long head = this.query.headPosition();
		List<Offset> stored = this.offsets.load(this.name);
		long lowest = Long.MAX_VALUE;
		for (ConsumerWorker worker : workers) {
			lowest = Math.min(lowest, handledUpTo(worker, stored, head));
		}
		return lowest;
	}

	private long handledUpTo(ConsumerWorker worker, List<Offset> stored, long head) {
		long position = storedPosition(worker, stored);
		if (position >= head) {
			return position;
		}
		// the head was read first: a worker with nothing after its offset in its slices
		// has handled all up to it
		return this.query.eventsAfter(position, worker.range.min(), worker.range.max(), 1).isEmpty() ? head : position;
	}

}
