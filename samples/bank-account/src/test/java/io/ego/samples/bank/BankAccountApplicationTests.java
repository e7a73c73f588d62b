package io.ego.samples.bank;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ego.core.EgoEngine;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Drives the bank-account sample over HTTP: the REST API end to end, the statement read
 * model, then the Actuator endpoints.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/bank-${random.uuid};DB_CLOSE_ON_EXIT=FALSE")
class BankAccountApplicationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LINES = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeaders((headers) -> headers.setBasicAuth(BankApi.OPERATOR, BankApi.OPERATOR_PASSWORD))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void accountsAreOpenedCreditedDebitedAndRead() {
		ResponseEntity<Map<String, Object>> opened = post("/accounts", Map.of("id", "acc-1", "initialBalance", 100));
		assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(opened.getBody()).containsEntry("id", "acc-1")
			.containsEntry("balance", 100)
			.containsEntry("revision", 1);

		ResponseEntity<Map<String, Object>> credited = post("/accounts/acc-1/credit", Map.of("amount", 50));
		assertThat(credited.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(credited.getBody()).containsEntry("balance", 150).containsEntry("revision", 2);

		ResponseEntity<Map<String, Object>> overdrawn = post("/accounts/acc-1/debit", Map.of("amount", 500));
		assertThat(overdrawn.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat((String) overdrawn.getBody().get("detail")).contains("insufficient funds");

		ResponseEntity<Map<String, Object>> balance = get("/accounts/acc-1");
		assertThat(balance.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(balance.getBody()).containsEntry("balance", 150).containsEntry("revision", 2);
	}

	@Test
	void aCommandReSentWithItsIdempotencyKeyIsAppliedOnce() {
		post("/accounts", Map.of("id", "acc-6", "initialBalance", 100));
		ResponseEntity<Map<String, Object>> first = postWithKey("/accounts/acc-6/credit", Map.of("amount", 40), "k-1");
		ResponseEntity<Map<String, Object>> again = postWithKey("/accounts/acc-6/credit", Map.of("amount", 40), "k-1");
		assertThat(first.getBody()).containsEntry("balance", 140).containsEntry("revision", 2);
		assertThat(again.getBody()).containsEntry("balance", 140).containsEntry("revision", 2);
		assertThat(postWithKey("/accounts/acc-6/credit", Map.of("amount", 40), "k-2").getBody())
			.containsEntry("balance", 180);
		assertThat(postWithKey("/accounts/acc-6/credit", Map.of("amount", 1), " ").getStatusCode())
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
	}

	@Test
	void invalidRequestsAndUnknownAccountsAreReported() {
		assertThat(post("/accounts", Map.of("id", "acc-2", "initialBalance", 5)).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(post("/accounts", Map.of("id", "acc-2", "initialBalance", 5)).getStatusCode())
			.isEqualTo(HttpStatus.CONFLICT);
		assertThat(post("/accounts/acc-2/credit", Map.of("amount", -1)).getStatusCode())
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(get("/accounts/nobody").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void debitLimitIsKeptAsDurableStateAndEnforced() {
		post("/accounts", Map.of("id", "acc-3", "initialBalance", 100));
		ResponseEntity<Map<String, Object>> limits = put("/accounts/acc-3/limits", Map.of("maxDebit", 20));
		assertThat(limits.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(limits.getBody()).containsEntry("maxDebit", 20).containsEntry("revision", 1);
		ResponseEntity<Map<String, Object>> tooLarge = post("/accounts/acc-3/debit", Map.of("amount", 30));
		assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat((String) tooLarge.getBody().get("detail")).contains("exceeds the limit of 20");
		assertThat(post("/accounts/acc-3/debit", Map.of("amount", 10)).getBody()).containsEntry("balance", 90);
	}

	@Test
	void statementIsProjectedFromTheJournal() {
		post("/accounts", Map.of("id", "acc-5", "initialBalance", 100));
		post("/accounts/acc-5/credit", Map.of("amount", 30));
		post("/accounts/acc-5/debit", Map.of("amount", 500));
		post("/accounts/acc-5/debit", Map.of("amount", 20));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(statement("acc-5"))
				.extracting((line) -> line.get("revision"), (line) -> line.get("kind"), (line) -> line.get("amount"))
				.containsExactly(tuple(1, "opened", 100), tuple(2, "credit", 30), tuple(3, "debit", -20)));
		assertThat(statement("nobody")).isEmpty();
	}

	@Test
	void readsOfUnknownAccountsAre404AndLeaveNoLiveEntity() {
		post("/accounts", Map.of("id", "acc-read", "initialBalance", 3));
		assertThat(get("/accounts/acc-read").getBody()).containsEntry("balance", 3).containsEntry("revision", 1);
		int before = liveAccounts();
		for (int i = 0; i < 500; i++) {
			assertThat(get("/accounts/nobody-" + i).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		}
		// a cell that read no history leaves right after it answered, not before
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(liveAccounts()).isLessThanOrEqualTo(before));
	}

	private int liveAccounts() {
		return this.engine.entityTypes()
			.stream()
			.filter((type) -> type.name().equals("account"))
			.findFirst()
			.orElseThrow()
			.liveEntities();
	}

	@Test
	void actuatorExposesTheEngineAndTheStoresHealth() {
		post("/accounts", Map.of("id", "acc-4", "initialBalance", 1));
		ResponseEntity<Map<String, Object>> ego = get("/actuator/ego");
		assertThat(ego.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(ego.getBody()).containsEntry("running", true);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> types = (List<Map<String, Object>>) ego.getBody().get("entityTypes");
		// the transfer saga's instances are an entity type of their own
		assertThat(types).extracting((type) -> type.get("name"))
			.containsExactlyInAnyOrder("account", "account-limits", "saga.transfer");
		Map<String, Object> account = types.stream()
			.filter((type) -> type.get("name").equals("account"))
			.findFirst()
			.orElseThrow();
		assertThat(account).containsEntry("kind", "event-sourced");
		assertThat((Integer) account.get("liveEntities")).isPositive();
		assertThat(account.get("settings")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("snapshotInterval", 100)
			.containsEntry("batchThreshold", 20);

		assertThat(get("/actuator/ego/account-limits").getBody()).containsEntry("kind", "durable-state");
		assertThat(get("/actuator/ego/nope").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

		ResponseEntity<Map<String, Object>> health = get("/actuator/health");
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).containsEntry("status", "UP");
		assertThat(health.getBody().get("components")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsKeys("ego", "egoReadiness")
			// Boot's db indicator waits for the pool's connection timeout: the sample
			// leaves it out
			.doesNotContainKey("db");
		ResponseEntity<Map<String, Object>> readiness = get("/actuator/health/readiness");
		assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(readiness.getBody().get("components")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("readinessState", "ego", "egoReadiness");
		ResponseEntity<Map<String, Object>> liveness = get("/actuator/health/liveness");
		assertThat(liveness.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(liveness.getBody()).containsEntry("status", "UP");
		assertThat(liveness.getBody().get("components")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("livenessState");
	}

	private List<Map<String, Object>> statement(String id) {
		return this.client.get().uri("/accounts/{id}/statement", id).retrieve().body(LINES);
	}

	private ResponseEntity<Map<String, Object>> get(String path) {
		return this.client.get().uri(path).retrieve().toEntity(JSON);
	}

	private ResponseEntity<Map<String, Object>> post(String path, Object body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JSON);
	}

	private ResponseEntity<Map<String, Object>> postWithKey(String path, Object body, String key) {
		return this.client.post()
			.uri(path)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JSON);
	}

	private ResponseEntity<Map<String, Object>> put(String path, Object body) {
		return this.client.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JSON);
	}

}
