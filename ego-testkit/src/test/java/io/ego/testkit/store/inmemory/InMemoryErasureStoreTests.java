package io.ego.testkit.store.inmemory;

import io.ego.core.store.ErasureStore;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.testkit.store.ErasureStoreTestSuite;

class InMemoryErasureStoreTests extends ErasureStoreTestSuite {

	@Override
	protected ErasureStore createStore() {
		return new InMemoryErasureStore();
	}

}
