package io.ego.spring.boot.test.app;

import java.sql.SQLException;

import io.ego.spring.boot.test.AutoConfigureEgoJdbc;
import io.ego.spring.boot.test.EgoTest;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The twin of {@link MariaDbContainerJdbcStoresTests} on the local MariaDB
 * ({@code 127.0.0.1:3306}); skipped, saying so, where it is not reachable.
 */
@EgoTest(properties = "ego.store.jdbc.initialize-schema=always")
@AutoConfigureEgoJdbc
@Import(LocalMariaDbJdbcStoresTests.LocalMariaDb.class)
class LocalMariaDbJdbcStoresTests extends JdbcStoresContract {

	@BeforeAll
	static void requireLocalMariaDb() {
		assumeTrue(LocalDatabase.mariadbReachable(), "no MariaDB at 127.0.0.1:3306 (root, no password)");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LocalMariaDb {

		@Bean(destroyMethod = "close")
		LocalDatabase localMariaDb() throws SQLException {
			return LocalDatabase.mariadb();
		}

	}

}
