package io.ego.store.jdbc;

import io.ego.core.store.SnapshotStore;
import io.ego.testkit.store.SnapshotStoreTestSuite;

/**
 * The {@link SnapshotStore} TCK on MariaDB (the local server, else skipped).
 *
 * @author eGo team
 * @since 0.1.0
 */
class MariaDbSnapshotStoreTckTests extends SnapshotStoreTestSuite {

	@Override
	protected SnapshotStore createStore() {
		return TckStores.of(JdbcDialect.MARIADB).emptySnapshotStore();
	}

}
