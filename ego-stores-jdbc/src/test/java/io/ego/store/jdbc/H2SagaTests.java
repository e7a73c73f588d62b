package io.ego.store.jdbc;

/**
 * The saga contract on H2.
 *
 * @author eGo team
 * @since 0.2.0
 */
class H2SagaTests extends JdbcSagaTests {

	H2SagaTests() {
		super(JdbcDialect.H2);
	}

}
