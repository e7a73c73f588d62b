package io.ego.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.jdbc.EgoJdbcStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link DatabaseConnectionFailureAnalyzer}: a start-up against a closed port,
 * a database that does not exist, or a database without the eGo tables is explained with
 * the URL and user tried and what to do. The PostgreSQL cases run against
 * {@code -Dego.test.postgres-url}'s server.
 */
class DatabaseConnectionFailureAnalyzerTests {

	private static final String POSTGRES_URL = System.getProperty("ego.test.postgres-url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, EgoJdbcStoreAutoConfiguration.class,
				EgoAutoConfiguration.class))
		.withBean(AccountEntity.class)
		.withPropertyValues("ego.store.type=jdbc", "ego.store.jdbc.initialize-schema=always");

	@Test
	void aClosedPortIsExplainedAsAnUnreachableServer() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String url = "jdbc:postgresql://127.0.0.1:" + port + "/bank";
		FailureAnalysis analysis = analyze(url, "postgres");
		assertThat(analysis.getDescription()).contains("could not be reached", url, "as user postgres");
		assertThat(analysis.getAction()).contains("running", "spring.datasource.url");
	}

	@Test
	void aMissingPostgresDatabaseIsExplainedWithWhatToCreate() {
		assumeThat(postgresReachable()).as("a PostgreSQL at " + POSTGRES_URL + " (-Dego.test.postgres-url)").isTrue();
		String url = POSTGRES_URL.replaceAll("/[^/?]+(\\?.*)?$", "/ego_missing_" + shortId());
		FailureAnalysis analysis = analyze(url, "postgres");
		assertThat(analysis.getDescription()).contains("does not exist", url, "as user postgres");
		assertThat(analysis.getAction()).contains("Create the database");
	}

	@Test
	void aMissingH2DatabaseIsExplainedWithWhatToCreate() {
		String url = "jdbc:h2:file:./target/missing-" + shortId() + ";IFEXISTS=TRUE";
		FailureAnalysis analysis = analyze(url, "sa");
		assertThat(analysis.getDescription()).contains("does not exist", url, "as user sa");
	}

	private FailureAnalysis analyze(String url, String user) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		long started = System.nanoTime();
		this.contextRunner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + user)
			.run((context) -> {
				assertThat(context).hasFailed();
				MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", url)
					.withProperty("spring.datasource.username", user);
				analysis[0] = new DatabaseConnectionFailureAnalyzer(environment).analyze(context.getStartupFailure());
			});
		// a figure for the report, not an assertion: how long the failed start-up took
		System.out.println("start-up against " + url + " failed after "
				+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
		assertThat(analysis[0]).as("an analysis").isNotNull();
		return analysis[0];
	}

	private static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * @return whether the PostgreSQL of {@code -Dego.test.postgres-url} (by default the
	 * local server's {@code test} database) answers
	 */
	private static boolean postgresReachable() {
		try (Connection connection = DriverManager.getConnection(
				POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "connectTimeout=2", "postgres", "")) {
			return connection.isValid(2);
		}
		catch (SQLException unreachable) {
			return false;
		}
	}

}
