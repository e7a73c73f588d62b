package io.ego.testkit.store;

import io.ego.core.store.SnapshotStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;

class InMemorySnapshotStoreTests extends SnapshotStoreTestSuite {

	@Override
	protected SnapshotStore createStore() {
		return new InMemorySnapshotStore();
	}

}
