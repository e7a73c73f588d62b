package io.ego.core.store.inmemory;

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

}
