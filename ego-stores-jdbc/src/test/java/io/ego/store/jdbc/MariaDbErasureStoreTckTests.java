package io.ego.store.jdbc;

import io.ego.core.store.ErasureStore;
import io.ego.testkit.store.ErasureStoreTestSuite;

/**
 * The {@link ErasureStore} TCK on MariaDB (the local server, else skipped).
 *
 * @author eGo team
 * @since 0.1.0
 */
class MariaDbErasureStoreTckTests extends ErasureStoreTestSuite {

	@Override
	protected ErasureStore createStore() {
		return TckStores.of(JdbcDialect.MARIADB).emptyErasureStore();
	}

}
