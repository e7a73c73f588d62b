package io.ego.store.jdbc;

import java.util.List;

import io.ego.core.store.TimerStore;
import io.ego.testkit.store.TimerStoreTestSuite;

/**
 * The {@link TimerStore} TCK on PostgreSQL (the local server, else an embedded one); the
 * contention tests claim through store instances on connection pools of their own.
 *
 * @author eGo team
 * @since 0.2.0
 */
class PostgresTimerStoreTckTests extends TimerStoreTestSuite {

	@Override
	protected TimerStore createStore() {
		return TckStores.of(JdbcDialect.POSTGRESQL).emptyTimerStore();
	}

	@Override
	protected List<TimerStore> concurrentStores(int count) {
		return TckStores.of(JdbcDialect.POSTGRESQL).concurrentTimerStores(count);
	}

}
