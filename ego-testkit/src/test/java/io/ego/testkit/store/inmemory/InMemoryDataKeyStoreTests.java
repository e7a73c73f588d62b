package io.ego.testkit.store.inmemory;

import io.ego.core.store.DataKeyStore;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.testkit.store.DataKeyStoreTestSuite;

class InMemoryDataKeyStoreTests extends DataKeyStoreTestSuite {

	@Override
	protected DataKeyStore createStore() {
		return new InMemoryDataKeyStore();
	}

}
