package io.ego.testkit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.EventStore;
import io.ego.core.store.Identifiers;
import io.ego.core.store.PersistedEvent;

/**
 * An event store with one deliberate bug (or none), to show that the TCK catches it.
 */
final class FaultyEventStore implements EventStore {

	enum Fault {

		/** A correct store. */
		NONE,

		/**
		 * Positions are taken before a slow commit and readers return what is committed:
		 * they skip late commits.
		 */
		READERS_SKIP_LATE_COMMITS,

		/**
		 * The expected sequence number is checked outside the write lock: two writers can
		 * both win.
		 */
		RACY_CONFLICT_CHECK,

		/**
		 * Events of a batch are validated while written: an invalid event leaves the
		 * earlier ones written.
		 */
		PARTIAL_BATCH,

		/**
		 * Only a stale expected sequence number conflicts, not one beyond the history.
		 */
		NO_CONFLICT_BEYOND_HISTORY,

		/**
		 * The highest sequence number is derived from the remaining events, so deleting
		 * events lowers it.
		 */
		HIGHEST_FROM_REMAINING_EVENTS

	}

	private final Fault fault;

	private final Object writeLock = new Object();

	private final AtomicLong positions = new AtomicLong();

	private final NavigableMap<Long, PersistedEvent> journal = new ConcurrentSkipListMap<>();

	private final Map<String, NavigableMap<Long, PersistedEvent>> histories = new ConcurrentHashMap<>();

	private final Map<String, Long> highest = new ConcurrentHashMap<>();

	FaultyEventStore(Fault fault) {
		this.fault = fault;
	}

	@Override
	public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
		if (events.isEmpty()) {
			throw new IllegalArgumentException("no events");
		}
		Identifiers.requireWellFormed("persistence id", persistenceId);
		for (PersistedEvent event : events) {
			Identifiers.requireWellFormed("entity type", event.entityType());
			Identifiers.requireWellFormed("event type", event.eventType());
			if (event.keyId() != null) {
				Identifiers.requireWellFormed("key id", event.keyId());
			}
		}
		if (this.fault == Fault.READERS_SKIP_LATE_COMMITS) {
			synchronized (history(persistenceId)) {
				checkExpected(persistenceId, expectedSequenceNr);
				validate(persistenceId, expectedSequenceNr, events);
				List<PersistedEvent> stored = new ArrayList<>();
				for (PersistedEvent event : events) {
					stored.add(event.withPosition(this.positions.incrementAndGet()));
				}
				if (stored.get(0).position() % 8 == 0) {
					sleep(3); // a slow commit: later positions become visible first
				}
				publish(persistenceId, stored);
			}
			return;
		}
		if (this.fault == Fault.RACY_CONFLICT_CHECK) {
			checkExpected(persistenceId, expectedSequenceNr);
			sleep(1);
			synchronized (this.writeLock) {
				validate(persistenceId, expectedSequenceNr, events);
				publish(persistenceId, withPositions(events));
			}
			return;
		}
		synchronized (this.writeLock) {
			checkExpected(persistenceId, expectedSequenceNr);
			if (this.fault == Fault.PARTIAL_BATCH) {
				long seq = expectedSequenceNr;
				for (PersistedEvent event : events) {
					validate(persistenceId, seq++, List.of(event));
					publish(persistenceId, withPositions(List.of(event)));
				}
				return;
			}
			validate(persistenceId, expectedSequenceNr, events);
			publish(persistenceId, withPositions(events));
		}
	}

	private void checkExpected(String persistenceId, long expectedSequenceNr) {
		long actual = highestSequenceNr(persistenceId);
		boolean conflict = (this.fault == Fault.NO_CONFLICT_BEYOND_HISTORY) ? expectedSequenceNr < actual
				: expectedSequenceNr != actual;
		if (conflict) {
			throw new AppendConflictException(persistenceId, expectedSequenceNr, actual);
		}
	}

	private static void validate(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
		long seq = expectedSequenceNr;
		for (PersistedEvent event : events) {
			if (!event.persistenceId().equals(persistenceId) || event.sequenceNr() != ++seq) {
				throw new IllegalArgumentException(event + " does not continue " + persistenceId + " at " + seq);
			}
		}
	}

	private List<PersistedEvent> withPositions(List<PersistedEvent> events) {
		return events.stream().map((event) -> event.withPosition(this.positions.incrementAndGet())).toList();
	}

	private void publish(String persistenceId, List<PersistedEvent> stored) {
		NavigableMap<Long, PersistedEvent> history = history(persistenceId);
		for (PersistedEvent event : stored) {
			this.journal.put(event.position(), event);
			history.put(event.sequenceNr(), event);
		}
		this.highest.merge(persistenceId, stored.get(stored.size() - 1).sequenceNr(), Math::max);
	}

	private NavigableMap<Long, PersistedEvent> history(String persistenceId) {
		return this.histories.computeIfAbsent(persistenceId, (id) -> new ConcurrentSkipListMap<>());
	}

	@Override
	public List<PersistedEvent> replay(String persistenceId, long fromSequenceNr, long toSequenceNr, int limit) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		if (fromSequenceNr > toSequenceNr) {
			return List.of();
		}
		return history(persistenceId).subMap(fromSequenceNr, true, toSequenceNr, true)
			.values()
			.stream()
			.limit(limit)
			.toList();
	}

	@Override
	public long highestSequenceNr(String persistenceId) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		if (this.fault == Fault.HIGHEST_FROM_REMAINING_EVENTS) {
			NavigableMap<Long, PersistedEvent> history = history(persistenceId);
			return history.isEmpty() ? 0 : history.lastKey();
		}
		return this.highest.getOrDefault(persistenceId, 0L);
	}

	@Override
	public List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		return this.journal.tailMap(afterPosition, false)
			.values()
			.stream()
			.filter((event) -> event.slice() >= minSlice && event.slice() <= maxSlice)
			.limit(limit)
			.toList();
	}

	@Override
	public long headPosition() {
		return this.journal.isEmpty() ? 0 : this.journal.lastKey();
	}

	@Override
	public void deleteEvents(String persistenceId, long toSequenceNr, long maxPosition) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		synchronized (this.writeLock) {
			history(persistenceId).values().removeIf((event) -> {
				boolean delete = event.sequenceNr() <= toSequenceNr && event.position() <= maxPosition;
				if (delete) {
					this.journal.remove(event.position());
				}
				return delete;
			});
		}
	}

	@Override
	public List<String> persistenceIds(String afterPersistenceId, int limit) {
		return this.highest.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 0 && entry.getKey().compareTo(afterPersistenceId) > 0)
			.map(Map.Entry::getKey)
			.sorted()
			.limit(limit)
			.toList();
	}

	@Override
	public void raiseHighestSequenceNr(String persistenceId, long sequenceNr) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		synchronized (this.writeLock) {
			this.highest.merge(persistenceId, sequenceNr, Math::max);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
