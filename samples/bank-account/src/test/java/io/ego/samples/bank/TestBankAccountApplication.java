package io.ego.samples.bank;

import org.springframework.boot.SpringApplication;

/**
 * The sample on a PostgreSQL container, for development where Docker runs:
 * {@code ./mvnw -pl samples/bank-account spring-boot:test-run} (after an {@code install}
 * of the modules, or from an IDE). The container's connection details replace the
 * {@code postgres} profile's URL ({@code @ServiceConnection}).
 *
 * @author eGo team
 */
public final class TestBankAccountApplication {

	private TestBankAccountApplication() {
	}

	/**
	 * Starts the sample on the {@code postgres} profile and a PostgreSQL container.
	 * @param args the application's arguments
	 */
	public static void main(String[] args) {
		SpringApplication.from(BankAccountApplication::main)
			.with(PostgresContainerConfiguration.class)
			.withAdditionalProfiles("postgres")
			.run(args);
	}

}
