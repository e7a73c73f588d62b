package io.ego.core.store.inmemory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.RevisionConflictException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DurableStateStore} in memory, with the same revision checks as a database.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InMemoryDurableStateStore implements DurableStateStore {

	private final Map<String, DurableStateRecord> states = new ConcurrentHashMap<>();

	@Override
	public @Nullable DurableStateRecord get(String persistenceId) {
		return this.states.get(persistenceId);
	}

	@Override
	public void upsert(DurableStateRecord state) {
		long expected = state.revision() - 1;
		this.states.compute(state.persistenceId(), (id, current) -> {
			long stored = (current != null) ? current.revision() : 0;
			if (stored != expected) {
				throw new RevisionConflictException(id, expected);
			}
			return state;
		});
	}

	@Override
	public void delete(String persistenceId) {
		this.states.remove(persistenceId);
	}

}
