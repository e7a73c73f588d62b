package io.ego.samples.bank;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample as {@link TestBankAccountApplication} starts it: the {@code postgres}
 * profile on a PostgreSQL container through {@code @ServiceConnection}. Runs where Docker
 * runs; without it, skipped, and {@link AccountPostgresTests} makes the same assertions
 * on the local (or an embedded) PostgreSQL.
 */
@Testcontainers(disabledWithoutDocker = true)
class AccountPostgresContainerTests {

	@Test
	void theDevelopmentEntryPointServesTheReadModelsOnAContainer() {
		try (ConfigurableApplicationContext context = SpringApplication.from(BankAccountApplication::main)
			.with(PostgresContainerConfiguration.class)
			.withAdditionalProfiles("postgres")
			.run("--server.port=0")
			.getApplicationContext()) {
			AccountPostgresTests.servesTheReadModels(context);
		}
	}

}
