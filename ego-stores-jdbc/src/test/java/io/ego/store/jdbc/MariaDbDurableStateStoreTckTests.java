package io.ego.store.jdbc;

import io.ego.core.store.DurableStateStore;
import io.ego.testkit.store.DurableStateStoreTestSuite;

/**
 * The {@link DurableStateStore} TCK on MariaDB (the local server, else skipped).
 *
 * @author eGo team
 * @since 0.1.0
 */
class MariaDbDurableStateStoreTckTests extends DurableStateStoreTestSuite {

	@Override
	protected DurableStateStore createStore() {
		return TckStores.of(JdbcDialect.MARIADB).emptyDurableStateStore();
	}

}
