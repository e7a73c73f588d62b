package io.ego.store.jdbc;

import io.ego.core.store.OffsetStore;
import io.ego.testkit.store.OffsetStoreTestSuite;

/**
 * The {@link OffsetStore} TCK on H2 in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
class H2OffsetStoreTckTests extends OffsetStoreTestSuite {

	@Override
	protected OffsetStore createStore() {
		return TckStores.of(JdbcDialect.H2).emptyOffsetStore();
	}

}
