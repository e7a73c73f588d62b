package io.ego.samples.bank;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample on its {@code postgres} profile, on a fresh PostgreSQL database: the eGo
 * tables and the read models' tables ({@code schema.sql}) are created, the read models
 * follow the commands, an erasure empties them.
 */
class AccountPostgresTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void postgresProfileCreatesTheSchemaAndServesTheReadModels() throws Exception {
		try (TestPostgres database = TestPostgres.create(); ConfigurableApplicationContext context = start(database)) {
			servesTheReadModels(context);
		}
	}

	/**
	 * What the {@code postgres} profile must do, on any PostgreSQL: the local or embedded
	 * one here, a container in {@link AccountPostgresContainerTests}.
	 * @param context the running sample
	 */
	static void servesTheReadModels(ConfigurableApplicationContext context) {
		BankApi api = new BankApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
		assertThat(api.open("pg-1", 100)).isEqualTo(HttpStatus.OK);
		assertThat(api.credit("pg-1", 25)).isEqualTo(HttpStatus.OK);
		assertThat(api.debit("pg-1", 5)).isEqualTo(HttpStatus.OK);
		assertThat(api.open("pg-2", 1)).isEqualTo(HttpStatus.OK);
		await().atMost(WAIT)
			.until(() -> api.readModelBalance("pg-1") == 120 && api.list("/accounts/pg-1/statement").size() == 3);
		assertThat(api.list("/balances?min=100")).extracting((balance) -> balance.get("id")).containsExactly("pg-1");
		assertThat(api.get("/accounts/pg-1/balance").getBody()).containsEntry("revision", 3).containsKey("at");

		assertThat(api.delete("/accounts/pg-1/personal-data")).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(api.credit("pg-1", 1)).isEqualTo(HttpStatus.GONE);
		await().atMost(WAIT)
			.until(() -> api.readModelBalance("pg-1") == -1 && api.list("/accounts/pg-1/statement").isEmpty());
		assertThat(api.readModelBalance("pg-2")).isEqualTo(1);

		JdbcClient jdbc = context.getBean(JdbcClient.class);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM account_balance").query(Long.class).single()).isEqualTo(1);
		assertThat(context.getEnvironment().getActiveProfiles()).containsExactly("postgres");
	}

	private static ConfigurableApplicationContext start(TestPostgres database) {
		return new SpringApplicationBuilder(BankAccountApplication.class).main(BankAccountApplication.class)
			.profiles("postgres")
			.run("--server.port=0", "--BANK_DB_URL=" + database.url(), "--BANK_DB_USER=" + database.username(),
					"--BANK_DB_PASSWORD=" + database.password());
	}

}
