package io.ego.store.jdbc;

import io.ego.core.store.OffsetStore;
import io.ego.testkit.store.OffsetStoreTestSuite;

/**
 * The {@link OffsetStore} TCK on PostgreSQL (the local server, else an embedded one).
 *
 * @author eGo team
 * @since 0.1.0
 */
class PostgresOffsetStoreTckTests extends OffsetStoreTestSuite {

	@Override
	protected OffsetStore createStore() {
		return TckStores.of(JdbcDialect.POSTGRESQL).emptyOffsetStore();
	}

}
