package io.ego.spring.boot.test.app;

import io.ego.spring.boot.test.AutoConfigureEgoJdbc;
import io.ego.spring.boot.test.EgoTest;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * The JDBC stores on a PostgreSQL container through {@code @ServiceConnection}. Runs
 * where Docker runs; without it, skipped, and {@link LocalPostgresJdbcStoresTests} runs
 * the same assertions against a real local or embedded PostgreSQL through the same
 * connection details.
 */
@Testcontainers(disabledWithoutDocker = true)
@EgoTest(properties = "ego.store.jdbc.initialize-schema=always")
@AutoConfigureEgoJdbc
class PostgresContainerJdbcStoresTests extends JdbcStoresContract {

	@Container
	@ServiceConnection
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");

}
