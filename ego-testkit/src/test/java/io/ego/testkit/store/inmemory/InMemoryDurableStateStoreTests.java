package io.ego.testkit.store.inmemory;

import io.ego.core.store.DurableStateStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.testkit.store.DurableStateStoreTestSuite;

class InMemoryDurableStateStoreTests extends DurableStateStoreTestSuite {

	@Override
	protected DurableStateStore createStore() {
		return new InMemoryDurableStateStore();
	}

}
