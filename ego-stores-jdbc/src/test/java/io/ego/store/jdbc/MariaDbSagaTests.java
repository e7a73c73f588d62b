package io.ego.store.jdbc;

/**
 * The saga contract on MariaDB.
 *
 * @author eGo team
 * @since 0.2.0
 */
class MariaDbSagaTests extends JdbcSagaTests {

	MariaDbSagaTests() {
		super(JdbcDialect.MARIADB);
	}

}
