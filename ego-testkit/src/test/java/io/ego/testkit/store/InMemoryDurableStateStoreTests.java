package io.ego.testkit.store;

import io.ego.core.store.DurableStateStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;

class InMemoryDurableStateStoreTests extends DurableStateStoreTestSuite {

	@Override
	protected DurableStateStore createStore() {
		return new InMemoryDurableStateStore();
	}

}
