package io.ego.store.jdbc;

import io.ego.core.store.OffsetStore;
import io.ego.testkit.store.OffsetStoreTestSuite;

/**
 * The {@link OffsetStore} TCK on MariaDB (the local server, else skipped).
 *
 * @author eGo team
 * @since 0.1.0
 */
class MariaDbOffsetStoreTckTests extends OffsetStoreTestSuite {

	@Override
	protected OffsetStore createStore() {
		return TckStores.of(JdbcDialect.MARIADB).emptyOffsetStore();
	}

}
