package io.ego.core.store.inmemory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.ego.core.store.Identifiers;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.SnapshotStore;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SnapshotStore} in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemorySnapshotStore implements SnapshotStore, NonBlockingStore {

	private final Map<String, NavigableMap<Long, SnapshotRecord>> snapshots = new ConcurrentHashMap<>();

	@Override
	public void save(SnapshotRecord snapshot) {
		Identifiers.requireWellFormed("persistence id", snapshot.persistenceId());
		Identifiers.requireWellFormed("entity type", snapshot.entityType());
		Identifiers.requireWellFormed("state type", snapshot.stateType());
		if (snapshot.keyId() != null) {
			Identifiers.requireWellFormed("key id", snapshot.keyId());
		}
		this.snapshots.computeIfAbsent(snapshot.persistenceId(), (id) -> new ConcurrentSkipListMap<>())
			.put(snapshot.sequenceNr(), snapshot);
	}

	@Override
	public @Nullable SnapshotRecord latest(String persistenceId) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		NavigableMap<Long, SnapshotRecord> entity = this.snapshots.get(persistenceId);
		if (entity == null) {
			return null;
		}
		Map.Entry<Long, SnapshotRecord> last = entity.lastEntry();
		return (last != null) ? last.getValue() : null;
	}

	@Override
	public void deleteUpTo(String persistenceId, long toSequenceNr) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		NavigableMap<Long, SnapshotRecord> entity = this.snapshots.get(persistenceId);
		if (entity != null) {
			entity.headMap(toSequenceNr, true).clear();
		}
	}

	@Override
	public List<SnapshotRecord> snapshotsAfter(String afterPersistenceId, long afterSequenceNr, int limit) {
		Identifiers.requireWellFormed("persistence id", afterPersistenceId);
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		List<SnapshotRecord> page = new ArrayList<>();
		List<String> ids = this.snapshots.keySet()
			.stream()
			.filter((id) -> id.compareTo(afterPersistenceId) >= 0)
			.sorted()
			.toList();
		for (String id : ids) {
			NavigableMap<Long, SnapshotRecord> entity = this.snapshots.get(id);
			if (entity == null) {
				continue;
			}
			Collection<SnapshotRecord> records = id.equals(afterPersistenceId)
					? entity.tailMap(afterSequenceNr, false).values() : entity.values();
			for (SnapshotRecord record : records) {
				page.add(record);
				if (page.size() == limit) {
					return page;
				}
			}
		}
		return page;
	}

}
