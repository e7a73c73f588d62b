package io.ego.store.jdbc;

/**
 * The saga contract on PostgreSQL.
 *
 * @author eGo team
 * @since 0.2.0
 */
class PostgresSagaTests extends JdbcSagaTests {

	PostgresSagaTests() {
		super(JdbcDialect.POSTGRESQL);
	}

}
