package io.ego.store.jdbc;

import io.ego.core.store.DataKeyStore;
import io.ego.testkit.store.DataKeyStoreTestSuite;

/**
 * The {@link DataKeyStore} TCK on MariaDB (the local server, else skipped).
 *
 * @author eGo team
 * @since 0.1.0
 */
class MariaDbDataKeyStoreTckTests extends DataKeyStoreTestSuite {

	@Override
	protected DataKeyStore createStore() {
		return TckStores.of(JdbcDialect.MARIADB).emptyDataKeyStore();
	}

}
