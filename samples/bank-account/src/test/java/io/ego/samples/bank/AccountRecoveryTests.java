package io.ego.samples.bank;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restarts the bank-account sample on the same H2 file: balances and revisions are
 * recovered from the stores (through snapshots, with events before them deleted by
 * retention).
 */
class AccountRecoveryTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final String database = "jdbc:h2:file:./target/test-data/recovery-" + UUID.randomUUID()
			+ ";DB_CLOSE_ON_EXIT=FALSE";

	@Test
	void restartOnTheSameDatabaseRecoversBalances() {
		try (ConfigurableApplicationContext first = start()) {
			RestClient client = client(first);
			post(client, "/accounts", Map.of("id", "acc-r", "initialBalance", 100));
			for (int i = 0; i < 4; i++) {
				post(client, "/accounts/acc-r/credit", Map.of("amount", 10));
			}
			post(client, "/accounts/acc-r/debit", Map.of("amount", 25));
			client.put()
				.uri("/accounts/acc-r/limits")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("maxDebit", 50))
				.retrieve()
				.toBodilessEntity();
		}
		try (ConfigurableApplicationContext second = start()) {
			RestClient client = client(second);
			assertThat(client.get().uri("/accounts/acc-r").retrieve().body(JSON)).containsEntry("balance", 115)
				.containsEntry("revision", 6);
			assertThat(client.get().uri("/accounts/acc-r/limits").retrieve().body(JSON)).containsEntry("maxDebit", 50)
				.containsEntry("revision", 1);
			assertThat(post(client, "/accounts/acc-r/debit", Map.of("amount", 15))).containsEntry("balance", 100)
				.containsEntry("revision", 7);
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(BankAccountApplication.class).main(BankAccountApplication.class)
			.run("--server.port=0", "--spring.datasource.url=" + this.database,
					"--ego.entities.account.snapshot-interval=2",
					"--ego.entities.account.retention.events-retention-count=0");
	}

	private static RestClient client(ConfigurableApplicationContext context) {
		return RestClient.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
	}

	private static Map<String, Object> post(RestClient client, String path, Object body) {
		return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(JSON);
	}

}
