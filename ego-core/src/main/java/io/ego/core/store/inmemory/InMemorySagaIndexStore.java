package io.ego.core.store.inmemory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.ego.core.store.SagaIndexEntry;
import io.ego.core.store.SagaIndexStore;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SagaIndexStore} in memory: one sorted map of entries by id per saga.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class InMemorySagaIndexStore implements SagaIndexStore {

	private final ConcurrentMap<String, ConcurrentNavigableMap<String, SagaIndexEntry>> bySaga = new ConcurrentHashMap<>();

	@Override
	public void update(SagaIndexEntry entry) {
		Objects.requireNonNull(entry, "entry");
		this.bySaga.computeIfAbsent(entry.saga(), (saga) -> new ConcurrentSkipListMap<>())
			.merge(entry.sagaId(), entry,
					(held, offered) -> (offered.sequenceNr() > held.sequenceNr()) ? offered : held);
	}

	@Override
	public Map<String, Long> counts(String saga) {
		Map<String, Long> counts = new HashMap<>();
		for (SagaIndexEntry entry : entries(saga).values()) {
			counts.merge(entry.status(), 1L, Long::sum);
		}
		return counts;
	}

	@Override
	public List<SagaIndexEntry> list(String saga, String status, @Nullable String afterId, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		ConcurrentNavigableMap<String, SagaIndexEntry> entries = entries(saga);
		List<SagaIndexEntry> page = new ArrayList<>(Math.min(limit, 100));
		for (SagaIndexEntry entry : ((afterId != null) ? entries.tailMap(afterId, false) : entries).values()) {
			if (entry.status().equals(status)) {
				page.add(entry);
				if (page.size() == limit) {
					break;
				}
			}
		}
		return page;
	}

	private ConcurrentNavigableMap<String, SagaIndexEntry> entries(String saga) {
		ConcurrentNavigableMap<String, SagaIndexEntry> entries = this.bySaga.get(Objects.requireNonNull(saga, "saga"));
		return (entries != null) ? entries : new ConcurrentSkipListMap<>();
	}

}
