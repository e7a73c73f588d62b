package io.ego.store.jdbc;

import io.ego.core.store.SnapshotStore;
import io.ego.testkit.store.SnapshotStoreTestSuite;

/**
 * The {@link SnapshotStore} TCK on PostgreSQL (the local server, else an embedded one).
 *
 * @author eGo team
 * @since 0.1.0
 */
class PostgresSnapshotStoreTckTests extends SnapshotStoreTestSuite {

	@Override
	protected SnapshotStore createStore() {
		return TckStores.of(JdbcDialect.POSTGRESQL).emptySnapshotStore();
	}

}
