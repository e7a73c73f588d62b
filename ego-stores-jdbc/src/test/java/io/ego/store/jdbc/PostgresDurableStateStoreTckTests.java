package io.ego.store.jdbc;

import java.time.Duration;

import io.ego.core.store.DurableStateStore;
import io.ego.testkit.store.DurableStateStoreTestSuite;

/**
 * The {@link DurableStateStore} TCK on PostgreSQL (the local server, else an embedded
 * one).
 *
 * @author eGo team
 * @since 0.1.0
 */
class PostgresDurableStateStoreTckTests extends DurableStateStoreTestSuite {

	@Override
	protected DurableStateStore createStore() {
		return TckStores.of(JdbcDialect.POSTGRESQL).emptyDurableStateStore();
	}

	/**
	 * PostgreSQL's horizon is the server's: other builds' transactions may hide a written
	 * state for a while ({@link Horizon}).
	 */
	@Override
	protected Duration visibilityTimeout() {
		return Horizon.TIMEOUT;
	}

}
