package io.ego.store.jdbc;

import io.ego.core.store.ErasureStore;
import io.ego.testkit.store.ErasureStoreTestSuite;

/**
 * The {@link ErasureStore} TCK on PostgreSQL (the local server, else an embedded one).
 *
 * @author eGo team
 * @since 0.1.0
 */
class PostgresErasureStoreTckTests extends ErasureStoreTestSuite {

	@Override
	protected ErasureStore createStore() {
		return TckStores.of(JdbcDialect.POSTGRESQL).emptyErasureStore();
	}

}
