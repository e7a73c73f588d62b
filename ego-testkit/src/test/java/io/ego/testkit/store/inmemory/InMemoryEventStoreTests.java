package io.ego.testkit.store.inmemory;

import io.ego.core.store.EventStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.testkit.store.EventStoreTestSuite;

/**
 * Runs the event store TCK against {@link InMemoryEventStore}.
 */
class InMemoryEventStoreTests extends EventStoreTestSuite {

	@Override
	protected EventStore createStore() {
		return new InMemoryEventStore();
	}

}
