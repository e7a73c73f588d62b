package io.ego.samples.bank;

import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * A PostgreSQL container whose connection details feed the DataSource the eGo JDBC stores
 * and the read models use. Needs Docker.
 *
 * @author eGo team
 */
@TestConfiguration(proxyBeanMethods = false)
class PostgresContainerConfiguration {

	@Bean
	@ServiceConnection
	PostgreSQLContainer postgres() {
		return new PostgreSQLContainer("postgres:17-alpine");
	}

}
