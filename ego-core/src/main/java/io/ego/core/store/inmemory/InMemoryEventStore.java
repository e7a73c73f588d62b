package io.ego.core.store.inmemory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.EventStore;
import io.ego.core.store.Identifiers;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} in memory. An append checks and extends its entity's history
 * under that entity's lock, and takes the journal's lock only to assign positions and
 * publish the events, so readers by position see a gap-free, ordered journal while
 * appends of different entities hardly contend. Events are kept as appended (position 0)
 * next to their positions, and stamped with their position only when read, so that an
 * append copies nothing.
 * <p>
 * Lock order: an entity's lock, then the journal's.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryEventStore implements EventStore, NonBlockingStore {

	/** Guards position assignment, the journal array and {@link #head}. */
	private final ReentrantLock journalLock = new ReentrantLock();

	private final Map<String, History> histories = new ConcurrentHashMap<>();

	/**
	 * All live events by position; index {@code i} holds position {@code i + 1}, deleted
	 * ones are null.
	 */
	private volatile @Nullable PersistedEvent[] journal = new @Nullable PersistedEvent[1024];

	/** Highest published position; readers never look beyond it. */
	private volatile long head;

	@Override
	public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		if (events.isEmpty()) {
			throw new IllegalArgumentException("no events to append for '" + persistenceId + "'");
		}
		long seq = expectedSequenceNr;
		for (int i = 0, n = events.size(); i < n; i++) {
			PersistedEvent event = events.get(i);
			if (!event.persistenceId().equals(persistenceId) || event.sequenceNr() != ++seq) {
				throw new IllegalArgumentException("event " + event + " does not continue the history of '"
						+ persistenceId + "' at sequence number " + seq);
			}
			Identifiers.requireWellFormed("entity type", event.entityType());
			Identifiers.requireWellFormed("event type", event.eventType());
			if (event.keyId() != null) {
				Identifiers.requireWellFormed("key id", event.keyId());
			}
		}
		History history = this.histories.computeIfAbsent(persistenceId, (id) -> new History());
		history.lock.lock();
		try {
			if (history.highest != expectedSequenceNr) {
				throw new AppendConflictException(persistenceId, expectedSequenceNr, history.highest);
			}
			long first;
			this.journalLock.lock();
			try {
				first = this.head + 1;
				@Nullable PersistedEvent[] log = ensureCapacity(this.head + events.size());
				for (int i = 0, n = events.size(); i < n; i++) {
					log[(int) (first - 1 + i)] = events.get(i);
				}
				this.head = first - 1 + events.size();
			}
			finally {
				this.journalLock.unlock();
			}
			for (int i = 0, n = events.size(); i < n; i++) {
				history.add(events.get(i), first + i);
			}
			history.highest = seq;
		}
		finally {
			history.lock.unlock();
		}
	}

	private @Nullable PersistedEvent[] ensureCapacity(long size) {
		@Nullable PersistedEvent[] log = this.journal;
		if (size > log.length) {
			@Nullable PersistedEvent[] bigger = Arrays.copyOf(log, (int) Math.max(size, log.length * 2L));
			this.journal = bigger;
			return bigger;
		}
		return log;
	}

	@Override
	public List<PersistedEvent> replay(String persistenceId, long fromSequenceNr, long toSequenceNr, int limit) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		requirePositive(limit);
		History history = this.histories.get(persistenceId);
		if (history == null || fromSequenceNr > toSequenceNr) {
			return List.of();
		}
		history.lock.lock();
		try {
			List<PersistedEvent> result = new ArrayList<>(Math.min(limit, history.size));
			for (int i = history.first; i < history.size && result.size() < limit; i++) {
				PersistedEvent event = history.live(i);
				long seq = event.sequenceNr();
				if (seq >= fromSequenceNr && seq <= toSequenceNr) {
					result.add(event.withPosition(history.positions[i]));
				}
			}
			return result;
		}
		finally {
			history.lock.unlock();
		}
	}

	@Override
	public long highestSequenceNr(String persistenceId) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		History history = this.histories.get(persistenceId);
		return (history != null) ? history.highest : 0;
	}

	@Override
	public List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		requirePositive(limit);
		long head = this.head;
		if (afterPosition >= head) {
			return List.of();
		}
		@Nullable PersistedEvent[] log = this.journal;
		List<PersistedEvent> result = new ArrayList<>();
		for (long position = Math.max(afterPosition, 0) + 1; position <= head && result.size() < limit; position++) {
			PersistedEvent event = log[(int) (position - 1)];
			if (event != null && event.slice() >= minSlice && event.slice() <= maxSlice) {
				result.add(event.withPosition(position));
			}
		}
		return result;
	}

	@Override
	public long headPosition() {
		return this.head;
	}

	@Override
	public void deleteEvents(String persistenceId, long toSequenceNr, long maxPosition) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		History history = this.histories.get(persistenceId);
		if (history == null) {
			return;
		}
		history.lock.lock();
		try {
			this.journalLock.lock();
			try {
				@Nullable PersistedEvent[] log = this.journal;
				// the events to delete are a prefix of the history: sequence numbers and
				// positions both increase
				while (history.first < history.size && history.live(history.first).sequenceNr() <= toSequenceNr
						&& history.positions[history.first] <= maxPosition) {
					log[(int) (history.positions[history.first] - 1)] = null;
					history.events[history.first] = null;
					history.first++;
				}
			}
			finally {
				this.journalLock.unlock();
			}
		}
		finally {
			history.lock.unlock();
		}
	}

	private static void requirePositive(int limit) {
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
	}

	@Override
	public List<String> persistenceIds(String afterPersistenceId, int limit) {
		Identifiers.requireWellFormed("persistence id", afterPersistenceId);
		requirePositive(limit);
		return this.histories.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().highest > 0 && entry.getKey().compareTo(afterPersistenceId) > 0)
			.map(Map.Entry::getKey)
			.sorted()
			.limit(limit)
			.toList();
	}

	@Override
	public void raiseHighestSequenceNr(String persistenceId, long sequenceNr) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		if (sequenceNr < 1) {
			throw new IllegalArgumentException("sequence number must be positive but was " + sequenceNr);
		}
		History history = this.histories.computeIfAbsent(persistenceId, (id) -> new History());
		history.lock.lock();
		try {
			history.highest = Math.max(history.highest, sequenceNr);
		}
		finally {
			history.lock.unlock();
		}
	}

	/**
	 * One entity's events and their positions; guarded by its {@link #lock}, except
	 * {@link #highest}.
	 */
	private static final class History {

		final ReentrantLock lock = new ReentrantLock();

		/**
		 * {@code null} outside {@link #first} to {@link #size} (deleted, or not yet
		 * used).
		 */
		@Nullable PersistedEvent[] events = new @Nullable PersistedEvent[8];

		long[] positions = new long[8];

		/** Index of the first event not deleted. */
		int first;

		int size;

		volatile long highest;

		void add(PersistedEvent event, long position) {
			if (this.size == this.events.length) {
				int live = this.size - this.first;
				int capacity = Math.max(8, live * 2);
				this.events = Arrays.copyOfRange(this.events, this.first, this.first + capacity);
				this.positions = Arrays.copyOfRange(this.positions, this.first, this.first + capacity);
				this.size = live;
				this.first = 0;
			}
			this.events[this.size] = event;
			this.positions[this.size] = position;
			this.size++;
		}

		/**
		 * One of the events from {@link #first} to {@link #size}, which are never null.
		 */
		PersistedEvent live(int index) {
			return Objects.requireNonNull(this.events[index], "a live event of the history");
		}

	}

}
