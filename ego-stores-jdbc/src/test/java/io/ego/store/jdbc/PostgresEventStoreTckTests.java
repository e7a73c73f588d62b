package io.ego.store.jdbc;

import java.time.Duration;

import io.ego.core.store.EventStore;
import io.ego.testkit.store.EventStoreTestSuite;

/**
 * The {@link EventStore} TCK on PostgreSQL (the local server, else an embedded one).
 *
 * @author eGo team
 * @since 0.1.0
 */
class PostgresEventStoreTckTests extends EventStoreTestSuite {

	@Override
	protected EventStore createStore() {
		return TckStores.of(JdbcDialect.POSTGRESQL).emptyEventStore();
	}

	/**
	 * PostgreSQL's horizon is the server's: other builds' transactions may hide an
	 * appended event for a while ({@link Horizon}).
	 */
	@Override
	protected Duration visibilityTimeout() {
		return Horizon.TIMEOUT;
	}

}
