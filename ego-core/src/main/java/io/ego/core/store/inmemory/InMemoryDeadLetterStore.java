package io.ego.core.store.inmemory;

import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import io.ego.core.store.DeadLetter;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.Identifiers;
import io.ego.core.store.NonBlockingStore;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeadLetterStore} in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryDeadLetterStore implements DeadLetterStore, NonBlockingStore {

	private final NavigableMap<Long, DeadLetter> letters = new ConcurrentSkipListMap<>();

	private final AtomicLong ids = new AtomicLong();

	@Override
	public DeadLetter add(DeadLetter deadLetter) {
		Identifiers.requireWellFormed("consumer", deadLetter.consumer());
		Identifiers.requireWellFormed("persistence id", deadLetter.persistenceId());
		Identifiers.requireWellFormed("event type", deadLetter.eventType());
		DeadLetter stored = deadLetter.withId(this.ids.incrementAndGet());
		this.letters.put(stored.id(), stored);
		return stored;
	}

	@Override
	public List<DeadLetter> list(String consumer, int limit) {
		Identifiers.requireWellFormed("consumer", consumer);
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		return this.letters.values()
			.stream()
			.filter((letter) -> letter.consumer().equals(consumer))
			.limit(limit)
			.toList();
	}

	@Override
	public @Nullable DeadLetter get(long id) {
		return this.letters.get(id);
	}

	@Override
	public void delete(long id) {
		this.letters.remove(id);
	}

	@Override
	public long count(String consumer) {
		Identifiers.requireWellFormed("consumer", consumer);
		return this.letters.values().stream().filter((letter) -> letter.consumer().equals(consumer)).count();
	}

	@Override
	public int deleteByPersistenceId(String persistenceId, Collection<String> consumers) {
		Identifiers.requireWellFormed("persistence id", persistenceId);
		consumers.forEach((consumer) -> Identifiers.requireWellFormed("consumer", consumer));
		int before = this.letters.size();
		this.letters.values().removeIf((letter) -> letter.persistenceId().equals(persistenceId));
		return before - this.letters.size();
	}

	@Override
	public List<DeadLetter> listAll(long afterId, int limit) {
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		return this.letters.tailMap(afterId, false).values().stream().limit(limit).toList();
	}

}
