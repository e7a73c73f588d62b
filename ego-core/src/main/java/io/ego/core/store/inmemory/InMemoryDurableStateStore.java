package io.ego.core.store.inmemory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateChanges;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.Identifiers;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.RevisionConflictException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DurableStateStore} in memory, with the same revision checks as a database, and
 * its change feed ({@link DurableStateChanges}). Writes take one short lock that checks
 * the revision and gives the state the next change-feed position, so the change feed is
 * gap-free.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryDurableStateStore implements DurableStateStore, DurableStateChanges, NonBlockingStore {

	/**
	 * The latest state of each entity with its position; written under the lock, read
	 * without it.
	 */
	private final Map<String, DurableStateChange> states = new ConcurrentHashMap<>();

	/**
	 * The change feed: the latest state of each entity by its position; under the lock.
	 */
	private final NavigableMap<Long, DurableStateChange> feed = new TreeMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private long head;

	@Override
	public @Nullable DurableStateRecord get(String persistenceId) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		DurableStateChange change = this.states.get(persistenceId);
		return (change != null) ? change.state() : null;
	}

	@Override
	public void upsert(DurableStateRecord state) {
		Identifiers.requireWellFormed("persistence id", state.persistenceId());
		Identifiers.requireWellFormed("entity type", state.entityType());
		Identifiers.requireWellFormed("state type", state.stateType());
		if (state.keyId() != null) {
			Identifiers.requireWellFormed("key id", state.keyId());
		}
		long expected = state.revision() - 1;
		this.lock.lock();
		try {
			DurableStateChange current = this.states.get(state.persistenceId());
			long stored = (current != null) ? current.state().revision() : 0;
			if (stored != expected) {
				throw new RevisionConflictException(state.persistenceId(), expected);
			}
			if (current != null) {
				this.feed.remove(current.position());
			}
			DurableStateChange change = new DurableStateChange(++this.head, state);
			this.feed.put(change.position(), change);
			this.states.put(state.persistenceId(), change);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void delete(String persistenceId) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		this.lock.lock();
		try {
			DurableStateChange current = this.states.remove(persistenceId);
			if (current != null) {
				this.feed.remove(current.position());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public List<DurableStateChange> changesAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		List<DurableStateChange> result = new ArrayList<>(Math.min(limit, 256));
		this.lock.lock();
		try {
			for (DurableStateChange change : this.feed.tailMap(afterPosition, false).values()) {
				int slice = change.state().slice();
				if (slice >= minSlice && slice <= maxSlice) {
					result.add(change);
					if (result.size() >= limit) {
						break;
					}
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		return result;
	}

	@Override
	public long changesHeadPosition() {
		this.lock.lock();
		try {
			return this.feed.isEmpty() ? 0 : this.feed.lastKey();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void restore(DurableStateRecord state) {
		Identifiers.requireWellFormed("persistence id", state.persistenceId());
		Identifiers.requireWellFormed("entity type", state.entityType());
		Identifiers.requireWellFormed("state type", state.stateType());
		if (state.keyId() != null) {
			Identifiers.requireWellFormed("key id", state.keyId());
		}
		this.lock.lock();
		try {
			DurableStateChange current = this.states.get(state.persistenceId());
			if (current != null) {
				DurableStateRecord stored = current.state();
				boolean interrupted = stored.revision() == 1 && stored.stateType().equals(state.stateType())
						&& Arrays.equals(stored.payload(), state.payload())
						&& Objects.equals(stored.keyId(), state.keyId());
				if (!interrupted) {
					throw new RevisionConflictException(state.persistenceId(), 0);
				}
				this.feed.remove(current.position());
			}
			DurableStateChange change = new DurableStateChange(++this.head, state);
			this.feed.put(change.position(), change);
			this.states.put(state.persistenceId(), change);
		}
		finally {
			this.lock.unlock();
		}
	}

}
