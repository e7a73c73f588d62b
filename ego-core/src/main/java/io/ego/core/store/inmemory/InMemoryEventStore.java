package io.ego.core.store.inmemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;

/**
 * An {@link EventStore} in memory. Appends take one short lock that assigns positions and publishes the events,
 * so readers by position see a gap-free, ordered journal; replays read the entity's own history.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryEventStore implements EventStore {

	private final ReentrantLock appendLock = new ReentrantLock();

	private final Map<String, History> histories = new ConcurrentHashMap<>();

	/** All live events by position; index {@code i} holds position {@code i + 1}, deleted ones are null. */
	private volatile PersistedEvent[] journal = new PersistedEvent[1024];

	/** Highest published position; readers never look beyond it. */
	private volatile long head;

	@Override
	public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
		if (events.isEmpty()) {
			throw new IllegalArgumentException("no events to append for '" + persistenceId + "'");
		}
		History history = this.histories.computeIfAbsent(persistenceId, (id) -> new History());
		this.appendLock.lock();
		try {
			if (history.highest != expectedSequenceNr) {
				throw new AppendConflictException(persistenceId, expectedSequenceNr, history.highest);
			}
			long seq = expectedSequenceNr;
			for (PersistedEvent event : events) {
				if (!event.persistenceId().equals(persistenceId) || event.sequenceNr() != ++seq) {
					throw new IllegalArgumentException("event " + event + " does not continue the history of '"
							+ persistenceId + "' at sequence number " + seq);
				}
			}
			long position = this.head;
			PersistedEvent[] log = ensureCapacity(position + events.size());
			for (PersistedEvent event : events) {
				PersistedEvent stored = event.withPosition(++position);
				log[(int) (position - 1)] = stored;
				history.events.add(stored);
			}
			history.highest = seq;
			this.head = position;
		}
		finally {
			this.appendLock.unlock();
		}
	}

	private PersistedEvent[] ensureCapacity(long size) {
		PersistedEvent[] log = this.journal;
		if (size > log.length) {
			PersistedEvent[] bigger = new PersistedEvent[(int) Math.max(size, log.length * 2L)];
			System.arraycopy(log, 0, bigger, 0, log.length);
			this.journal = bigger;
			return bigger;
		}
		return log;
	}

	@Override
	public List<PersistedEvent> replay(String persistenceId, long fromSequenceNr, long toSequenceNr, int limit) {
		requirePositive(limit);
		History history = this.histories.get(persistenceId);
		if (history == null || fromSequenceNr > toSequenceNr) {
			return List.of();
		}
		this.appendLock.lock();
		try {
			List<PersistedEvent> result = new ArrayList<>(Math.min(limit, history.events.size()));
			for (PersistedEvent event : history.events) {
				long seq = event.sequenceNr();
				if (seq >= fromSequenceNr && seq <= toSequenceNr) {
					result.add(event);
					if (result.size() == limit) {
						break;
					}
				}
			}
			return result;
		}
		finally {
			this.appendLock.unlock();
		}
	}

	@Override
	public long highestSequenceNr(String persistenceId) {
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
		PersistedEvent[] log = this.journal;
		List<PersistedEvent> result = new ArrayList<>();
		for (long position = Math.max(afterPosition, 0) + 1; position <= head && result.size() < limit; position++) {
			PersistedEvent event = log[(int) (position - 1)];
			if (event != null && event.slice() >= minSlice && event.slice() <= maxSlice) {
				result.add(event);
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
		History history = this.histories.get(persistenceId);
		if (history == null) {
			return;
		}
		this.appendLock.lock();
		try {
			PersistedEvent[] log = this.journal;
			history.events.removeIf((event) -> {
				boolean delete = event.sequenceNr() <= toSequenceNr && event.position() <= maxPosition;
				if (delete) {
					log[(int) (event.position() - 1)] = null;
				}
				return delete;
			});
		}
		finally {
			this.appendLock.unlock();
		}
	}

	private static void requirePositive(int limit) {
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
	}

	private static final class History {

		final List<PersistedEvent> events = new ArrayList<>();

		volatile long highest;

	}

}
