package io.ego.core.store.inmemory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.Identifiers;
import io.ego.core.store.NonBlockingStore;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ErasureStore} in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryErasureStore implements ErasureStore, NonBlockingStore {

	private final Map<String, ErasureMarker> markers = new ConcurrentHashMap<>();

	@Override
	public void save(ErasureMarker marker) {
		Identifiers.requireWellFormed("persistence id", marker.persistenceId());
		Identifiers.requireWellFormed("entity type", marker.entityType());
		this.markers.put(marker.persistenceId(), marker);
	}

	@Override
	public @Nullable ErasureMarker get(String persistenceId) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		return this.markers.get(persistenceId);
	}

	@Override
	public List<ErasureMarker> markersAfter(String afterPersistenceId, int limit) {
		Identifiers.requireWellFormed("persistence id", afterPersistenceId);
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		return this.markers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().compareTo(afterPersistenceId) > 0)
			.sorted(Map.Entry.comparingByKey())
			.limit(limit)
			.map(Map.Entry::getValue)
			.toList();
	}

}
