package io.ego.store.jdbc;

import io.ego.core.store.DurableStateStore;
import io.ego.testkit.store.DurableStateStoreTestSuite;

/**
 * The {@link DurableStateStore} TCK on H2 in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
class H2DurableStateStoreTckTests extends DurableStateStoreTestSuite {

	@Override
	protected DurableStateStore createStore() {
		return TckStores.of(JdbcDialect.H2).emptyDurableStateStore();
	}

}
