package io.ego.testkit.store.inmemory;

import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.testkit.store.TimerStoreTestSuite;

class InMemoryTimerStoreTests extends TimerStoreTestSuite {

	@Override
	protected TimerStore createStore() {
		return new InMemoryTimerStore();
	}

}
