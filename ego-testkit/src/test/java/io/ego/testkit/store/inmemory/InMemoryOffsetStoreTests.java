package io.ego.testkit.store.inmemory;

import io.ego.core.store.OffsetStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.testkit.store.OffsetStoreTestSuite;

class InMemoryOffsetStoreTests extends OffsetStoreTestSuite {

	@Override
	protected OffsetStore createStore() {
		return new InMemoryOffsetStore();
	}

}
