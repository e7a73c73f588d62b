package io.ego.spring.boot.test.app;

import java.io.IOException;

import io.ego.spring.boot.test.AutoConfigureEgoJdbc;
import io.ego.spring.boot.test.EgoTest;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The twin of {@link PostgresContainerJdbcStoresTests}: the same assertions, the same
 * kind of connection details bean a {@code @ServiceConnection} registers, on the local
 * PostgreSQL (else an embedded one). Runs everywhere, so CI tests the real database.
 */
@EgoTest(properties = "ego.store.jdbc.initialize-schema=always")
@AutoConfigureEgoJdbc
@Import(LocalPostgresJdbcStoresTests.LocalPostgres.class)
class LocalPostgresJdbcStoresTests extends JdbcStoresContract {

	@TestConfiguration(proxyBeanMethods = false)
	static class LocalPostgres {

		@Bean(destroyMethod = "close")
		LocalDatabase localPostgres() throws IOException {
			return LocalDatabase.postgres();
		}

	}

}
