package io.ego.store.jdbc;

import io.ego.core.store.DataKeyStore;
import io.ego.testkit.store.DataKeyStoreTestSuite;

/**
 * The {@link DataKeyStore} TCK on PostgreSQL (the local server, else an embedded one).
 *
 * @author eGo team
 * @since 0.1.0
 */
class PostgresDataKeyStoreTckTests extends DataKeyStoreTestSuite {

	@Override
	protected DataKeyStore createStore() {
		return TckStores.of(JdbcDialect.POSTGRESQL).emptyDataKeyStore();
	}

}
