package io.ego.core.store.inmemory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.ego.core.store.Identifiers;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OffsetStore} in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryOffsetStore implements OffsetStore, NonBlockingStore {

	private final Map<String, Map<String, Offset>> offsets = new ConcurrentHashMap<>();

	@Override
	public void save(Offset offset) {
		Identifiers.requireWellFormed("consumer", offset.consumer());
		Identifiers.requireWellFormed("partition", offset.partition());
		this.offsets.compute(offset.consumer(), (consumer, partitions) -> {
			Map<String, Offset> result = (partitions != null) ? partitions : new ConcurrentSkipListMap<>();
			result.put(offset.partition(), offset);
			return result;
		});
	}

	@Override
	public @Nullable Offset get(String consumer, String partition) {
		Identifiers.requireWellFormed("consumer", consumer);
		Identifiers.requireWellFormed("partition", partition);
		Map<String, Offset> partitions = this.offsets.get(consumer);
		return (partitions != null) ? partitions.get(partition) : null;
	}

	@Override
	public List<Offset> load(String consumer) {
		Identifiers.requireWellFormed("consumer", consumer);
		Map<String, Offset> partitions = this.offsets.get(consumer);
		return (partitions != null) ? List.copyOf(partitions.values()) : List.of();
	}

	@Override
	public void delete(String consumer) {
		Identifiers.requireWellFormed("consumer", consumer);
		this.offsets.remove(consumer);
	}

}
