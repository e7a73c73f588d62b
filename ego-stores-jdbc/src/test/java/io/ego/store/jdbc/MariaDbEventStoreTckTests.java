package io.ego.store.jdbc;

import io.ego.core.store.EventStore;
import io.ego.testkit.store.EventStoreTestSuite;

/**
 * The {@link EventStore} TCK on MariaDB (the local server, else skipped).
 *
 * @author eGo team
 * @since 0.1.0
 */
class MariaDbEventStoreTckTests extends EventStoreTestSuite {

	@Override
	protected EventStore createStore() {
		return TckStores.of(JdbcDialect.MARIADB).emptyEventStore();
	}

}
