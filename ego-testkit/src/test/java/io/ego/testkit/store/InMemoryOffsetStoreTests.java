package io.ego.testkit.store;

import io.ego.core.store.OffsetStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;

class InMemoryOffsetStoreTests extends OffsetStoreTestSuite {

	@Override
	protected OffsetStore createStore() {
		return new InMemoryOffsetStore();
	}

}
