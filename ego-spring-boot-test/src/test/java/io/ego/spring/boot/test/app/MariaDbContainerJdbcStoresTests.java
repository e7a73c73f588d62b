package io.ego.spring.boot.test.app;

import io.ego.spring.boot.test.AutoConfigureEgoJdbc;
import io.ego.spring.boot.test.EgoTest;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mariadb.MariaDBContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * The JDBC stores on a MariaDB container through {@code @ServiceConnection}. Runs where
 * Docker runs; without it, skipped, and {@link LocalMariaDbJdbcStoresTests} runs the same
 * assertions against the local MariaDB through the same connection details.
 */
@Testcontainers(disabledWithoutDocker = true)
@EgoTest(properties = "ego.store.jdbc.initialize-schema=always")
@AutoConfigureEgoJdbc
class MariaDbContainerJdbcStoresTests extends JdbcStoresContract {

	@Container
	@ServiceConnection
	static final MariaDBContainer mariadb = new MariaDBContainer("mariadb:11.4");

}
