package io.ego.samples.bank;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;

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
		String refusal = refusal(DockerClientFactory.instance().isDockerAvailable());
		if (refusal != null) {
			System.err.println(refusal);
			System.exit(1);
		}
		SpringApplication.from(BankAccountApplication::main)
			.with(PostgresContainerConfiguration.class)
			.withAdditionalProfiles("postgres")
			.run(args);
	}

	/**
	 * @param dockerAvailable whether Testcontainers finds a Docker environment
	 * @return why the entry point cannot start, with what to do instead, or {@code null}
	 * when it can
	 */
	static @Nullable String refusal(boolean dockerAvailable) {
		if (dockerAvailable) {
			return null;
		}
		return "TestBankAccountApplication starts the sample on a PostgreSQL container, but Testcontainers finds no "
				+ "Docker environment here (start Docker, or set DOCKER_HOST). Without Docker, run the sample on a "
				+ "PostgreSQL server of your own: ./mvnw -pl samples/bank-account spring-boot:run "
				+ "-Dspring-boot.run.profiles=postgres (spring.datasource.url in application-postgres.yml), "
				+ "or on its embedded defaults: ./mvnw -pl samples/bank-account spring-boot:run";
	}

}
