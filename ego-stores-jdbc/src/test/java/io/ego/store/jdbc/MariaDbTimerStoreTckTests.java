package io.ego.store.jdbc;

import java.util.List;

import io.ego.core.store.TimerStore;
import io.ego.testkit.store.TimerStoreTestSuite;

/**
 * The {@link TimerStore} TCK on MariaDB (the local server, else skipped); the contention
 * tests claim through store instances on connection pools of their own.
 *
 * @author eGo team
 * @since 0.2.0
 */
class MariaDbTimerStoreTckTests extends TimerStoreTestSuite {

	@Override
	protected TimerStore createStore() {
		return TckStores.of(JdbcDialect.MARIADB).emptyTimerStore();
	}

	@Override
	protected List<TimerStore> concurrentStores(int count) {
		return TckStores.of(JdbcDialect.MARIADB).concurrentTimerStores(count);
	}

}
