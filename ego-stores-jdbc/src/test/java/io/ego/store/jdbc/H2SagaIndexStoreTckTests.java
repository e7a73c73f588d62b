package io.ego.store.jdbc;

import io.ego.core.store.SagaIndexStore;
import io.ego.testkit.store.SagaIndexStoreTestSuite;

/**
 * The {@link SagaIndexStore} TCK on H2.
 *
 * @author eGo team
 * @since 0.2.0
 */
class H2SagaIndexStoreTckTests extends SagaIndexStoreTestSuite {

	@Override
	protected SagaIndexStore createStore() {
		return TckStores.of(JdbcDialect.H2).emptySagaIndexStore();
	}

}
