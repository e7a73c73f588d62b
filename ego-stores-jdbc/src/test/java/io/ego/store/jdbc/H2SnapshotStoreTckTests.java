package io.ego.store.jdbc;

import io.ego.core.store.SnapshotStore;
import io.ego.testkit.store.SnapshotStoreTestSuite;

/**
 * The {@link SnapshotStore} TCK on H2 in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
class H2SnapshotStoreTckTests extends SnapshotStoreTestSuite {

	@Override
	protected SnapshotStore createStore() {
		return TckStores.of(JdbcDialect.H2).emptySnapshotStore();
	}

}
