package io.ego.store.jdbc;

import io.ego.core.store.EventStore;
import io.ego.testkit.store.EventStoreTestSuite;

/**
 * The {@link EventStore} TCK on H2 in memory.
 *
 * @author eGo team
 * @since 0.1.0
 */
class H2EventStoreTckTests extends EventStoreTestSuite {

	@Override
	protected EventStore createStore() {
		return TckStores.of(JdbcDialect.H2).emptyEventStore();
	}

}
