package io.ego.testkit.store.inmemory;

import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.inmemory.InMemorySagaIndexStore;
import io.ego.testkit.store.SagaIndexStoreTestSuite;

class InMemorySagaIndexStoreTests extends SagaIndexStoreTestSuite {

	@Override
	protected SagaIndexStore createStore() {
		return new InMemorySagaIndexStore();
	}

}
