package io.ego.store.jdbc;

import io.ego.core.store.DataKeyStore;
import io.ego.testkit.store.DataKeyStoreTestSuite;

/**
 * The {@link DataKeyStore} TCK on H2 in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
class H2DataKeyStoreTckTests extends DataKeyStoreTestSuite {

	@Override
	protected DataKeyStore createStore() {
		return TckStores.of(JdbcDialect.H2).emptyDataKeyStore();
	}

}
