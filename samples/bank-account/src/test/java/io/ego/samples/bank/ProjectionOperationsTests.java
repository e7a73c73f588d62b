package io.ego.samples.bank;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ego.samples.bank.balance.BalanceProjection;
import io.ego.samples.bank.statement.StatementProjection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's projections operated over HTTP through the Actuator {@code ego} endpoint,
 * as an operator does: listed with their lag, paused and resumed (the lag counts the
 * events written meanwhile), rebuilt from the beginning (the read models come out the
 * same). On an H2 database of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:operations-${random.uuid};DB_CLOSE_DELAY=-1",
				"spring.web.error.include-message=always" })
class ProjectionOperationsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	private BankApi api;

	@BeforeEach
	void createClient() {
		this.api = new BankApi(this.port);
	}

	@Test
	void actuatorListsBothProjectionsWithTheirLag() {
		assertThat(this.api.open("listed-1", 10)).isEqualTo(HttpStatus.OK);
		await().atMost(WAIT)
			.until(() -> this.api.lag(BalanceProjection.NAME) == 0 && this.api.lag(StatementProjection.NAME) == 0);

		ResponseEntity<Map<String, Object>> ego = this.api.get("/actuator/ego");
		assertThat(ego.getStatusCode()).isEqualTo(HttpStatus.OK);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> all = (List<Map<String, Object>>) ego.getBody().get("projections");
		// besides the read models, the transfer saga's reader and dispatcher
		assertThat(all).extracting((projection) -> projection.get("name"))
			.containsExactlyInAnyOrder(BalanceProjection.NAME, StatementProjection.NAME, "saga.transfer.reader",
					"saga.transfer.dispatcher");
		List<Map<String, Object>> projections = all.stream()
			.filter((projection) -> !((String) projection.get("name")).startsWith("saga."))
			.toList();
		assertThat(projections).allSatisfy((projection) -> {
			assertThat(projection).containsEntry("state", "running").containsEntry("lagEvents", 0);
			assertThat(projection).containsKeys("lagSeconds", "workers");
			assertThat((List<?>) projection.get("workers")).singleElement()
				.satisfies((worker) -> assertThat(((Map<?, ?>) worker).get("owner"))
					.isEqualTo(ego.getBody().get("instance")));
		});
	}

	@Test
	void rebuildFromBeyondTheHeadIsABadRequestNamingThePositionAndTheHead() {
		assertThat(this.api.open("beyond-1", 10)).isEqualTo(HttpStatus.OK);
		await().atMost(WAIT).until(() -> this.api.lag(BalanceProjection.NAME) == 0);

		ResponseEntity<Map<String, Object>> beyond = this.api.post(
				"/actuator/ego/projections/" + BalanceProjection.NAME,
				Map.of("operation", "rebuild", "position", 1_000_000));
		assertThat(beyond.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat((String) beyond.getBody().get("message")).contains("position 1000000").contains("head is");
		ResponseEntity<Map<String, Object>> negative = this.api.post(
				"/actuator/ego/projections/" + BalanceProjection.NAME, Map.of("operation", "rebuild", "position", -1));
		assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(this.api.projection(BalanceProjection.NAME)).containsEntry("state", "running");
	}

	@Test
	void pausedProjectionLagsByTheEventsWrittenMeanwhileAndCatchesUpOnResume() {
		assertThat(this.api.open("paused-1", 100)).isEqualTo(HttpStatus.OK);
		await().atMost(WAIT)
			.until(() -> this.api.readModelBalance("paused-1") == 100 && this.api.lag(BalanceProjection.NAME) == 0);

		ResponseEntity<Map<String, Object>> paused = this.api.operate(BalanceProjection.NAME, "pause");
		assertThat(paused.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(paused.getBody()).containsEntry("state", "paused");
		int written = 7;
		for (int i = 0; i < written; i++) {
			assertThat(this.api.credit("paused-1", 10)).isEqualTo(HttpStatus.OK);
		}
		assertThat(this.api.lag(BalanceProjection.NAME)).isEqualTo(written);
		// queries are served from the read model: the balance stays where the projection
		// paused
		assertThat(this.api.readModelBalance("paused-1")).isEqualTo(100);
		assertThat(this.api.entityBalance("paused-1")).isEqualTo(170);

		ResponseEntity<Map<String, Object>> resumed = this.api.operate(BalanceProjection.NAME, "resume");
		assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(resumed.getBody()).containsEntry("state", "running");
		await().atMost(WAIT).until(() -> this.api.lag(BalanceProjection.NAME) == 0);
		assertThat(this.api.readModelBalance("paused-1")).isEqualTo(170);
	}

	@Test
	void rebuildFromTheBeginningRecomputesTheSameReadModels() {
		Map<String, Long> expected = Map.of("rebuilt-1", 150L, "rebuilt-2", 20L, "rebuilt-3", 999L);
		this.api.open("rebuilt-1", 100);
		this.api.credit("rebuilt-1", 80);
		this.api.debit("rebuilt-1", 30);
		this.api.open("rebuilt-2", 0);
		this.api.credit("rebuilt-2", 20);
		this.api.open("rebuilt-3", 999);
		await().atMost(WAIT)
			.until(() -> balances(expected.keySet()).equals(expected) && this.api.lag(StatementProjection.NAME) == 0);
		List<Map<String, Object>> statement = this.api.list("/accounts/rebuilt-1/statement");
		assertThat(statement).hasSize(3);
		// the read model goes wrong (a bug, a restore from an old backup...)
		this.jdbc.sql("UPDATE account_balance SET balance = -1 WHERE account_id LIKE 'rebuilt-%'").update();
		assertThat(balances(expected.keySet())).containsOnly(Map.entry("rebuilt-1", -1L), Map.entry("rebuilt-2", -1L),
				Map.entry("rebuilt-3", -1L));

		ResponseEntity<Map<String, Object>> rebuilt = this.api.operate(BalanceProjection.NAME, "rebuild");
		assertThat(rebuilt.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(rebuilt.getBody()).containsEntry("state", "running");
		assertThat(this.api.operate(StatementProjection.NAME, "rebuild").getStatusCode()).isEqualTo(HttpStatus.OK);

		// each AccountOpened resets its row, then the account's events apply once each
		await().atMost(WAIT)
			.until(() -> this.api.lag(BalanceProjection.NAME) == 0 && this.api.lag(StatementProjection.NAME) == 0
					&& balances(expected.keySet()).equals(expected));
		for (String id : expected.keySet()) {
			assertThat(this.api.entityBalance(id)).isEqualTo(expected.get(id));
		}
		// the statement, idempotent by position, has the same lines, none twice
		assertThat(this.api.list("/accounts/rebuilt-1/statement")).isEqualTo(statement);
		assertThat(this.api.projection(BalanceProjection.NAME)).containsEntry("state", "running");
	}

	private Map<String, Long> balances(Iterable<String> ids) {
		Map<String, Long> balances = new HashMap<>();
		for (String id : ids) {
			balances.put(id, this.api.readModelBalance(id));
		}
		return balances;
	}

}
