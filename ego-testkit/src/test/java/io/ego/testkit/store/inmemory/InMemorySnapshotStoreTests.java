package io.ego.testkit.store.inmemory;

import io.ego.core.store.SnapshotStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.testkit.store.SnapshotStoreTestSuite;

class InMemorySnapshotStoreTests extends SnapshotStoreTestSuite {

	@Override
	protected SnapshotStore createStore() {
		return new InMemorySnapshotStore();
	}

}
