package io.ego.store.jdbc;

import io.ego.core.store.ErasureStore;
import io.ego.testkit.store.ErasureStoreTestSuite;

/**
 * The {@link ErasureStore} TCK on H2 in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
class H2ErasureStoreTckTests extends ErasureStoreTestSuite {

	@Override
	protected ErasureStore createStore() {
		return TckStores.of(JdbcDialect.H2).emptyErasureStore();
	}

}
