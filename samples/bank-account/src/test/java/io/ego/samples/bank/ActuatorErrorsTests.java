package io.ego.samples.bank;

import java.util.Map;

import io.ego.samples.bank.balance.BalanceProjection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong input to the Actuator {@code ego} endpoint over HTTP: 400 or 404 with the reason
 * in the body, without {@code spring.web.error.include-message}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:actuator-errors-${random.uuid};DB_CLOSE_DELAY=-1")
class ActuatorErrorsTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	private BankApi api;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.api = new BankApi(this.port);
		this.client = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeaders((headers) -> headers.setBasicAuth(BankApi.OPERATOR, BankApi.OPERATOR_PASSWORD))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void retryingAnUnknownDeadLetterIsNotFound() {
		assertError(this.api.post("/actuator/ego/dead-letters/42", Map.of("operation", "retry")), HttpStatus.NOT_FOUND,
				"42");
	}

	@Test
	void anUnknownDeadLetterOperationOrIdIsABadRequest() {
		assertError(this.api.post("/actuator/ego/dead-letters/42", Map.of("operation", "explode")),
				HttpStatus.BAD_REQUEST, "explode");
		assertError(this.api.post("/actuator/ego/dead-letters/x", Map.of("operation", "retry")), HttpStatus.BAD_REQUEST,
				"'x'");
	}

	@Test
	void operatingAnUnknownProjectionIsNotFound() {
		assertError(this.api.post("/actuator/ego/projections/nope", Map.of("operation", "pause")), HttpStatus.NOT_FOUND,
				"nope");
	}

	@Test
	void readingAnUnknownProjectionOrEntityTypeIsNotFoundWithTheReason() {
		assertError(this.client.get().uri("/actuator/ego/projections/nope").retrieve().toEntity(JSON),
				HttpStatus.NOT_FOUND, "no projection or publisher 'nope'");
		assertError(this.client.get().uri("/actuator/ego/dead-letters/nope").retrieve().toEntity(JSON),
				HttpStatus.NOT_FOUND, "nope");
		assertError(this.client.get().uri("/actuator/ego/nope").retrieve().toEntity(JSON), HttpStatus.NOT_FOUND,
				"no entity type 'nope'");
	}

	@Test
	void anUnknownProjectionOperationIsABadRequest() {
		assertError(
				this.api.post("/actuator/ego/projections/" + BalanceProjection.NAME, Map.of("operation", "explode")),
				HttpStatus.BAD_REQUEST, "explode");
	}

	@Test
	void rebuildingFromANegativePositionIsABadRequest() {
		assertError(this.api.post("/actuator/ego/projections/" + BalanceProjection.NAME,
				Map.of("operation", "rebuild", "position", -5)), HttpStatus.BAD_REQUEST, "-5");
	}

	@Test
	void erasingAnUnknownTypeOrAnEntityWithoutHistoryIsNotFound() {
		assertError(this.client.delete().uri("/actuator/ego/entities/nope/x6").retrieve().toEntity(JSON),
				HttpStatus.NOT_FOUND, "nope");
		assertError(this.client.delete().uri("/actuator/ego/entities/account/never-was").retrieve().toEntity(JSON),
				HttpStatus.NOT_FOUND, "never-was");
	}

	@Test
	void rewrappingWithEncryptionOffIsABadRequest() {
		assertError(this.api.post("/actuator/ego/encryption", Map.of("operation", "rewrap-data-keys")),
				HttpStatus.BAD_REQUEST, "encryption is not enabled");
	}

	private static void assertError(ResponseEntity<Map<String, Object>> response, HttpStatus status, String reason) {
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getBody()).containsEntry("status", status.value())
			.containsEntry("error", status.getReasonPhrase());
		assertThat((String) response.getBody().get("message")).contains(reason);
	}

}
