package io.ego.samples.bank;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's security: the Actuator's ego endpoint and the console are for the operator
 * only (HTTP Basic for scripts, a sign-in form for people), health and prometheus stay
 * open for probes and scrapers, and the REST API is open as before.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:security-${random.uuid};DB_CLOSE_DELAY=-1")
class ActuatorSecurityTests {

	@LocalServerPort
	private int port;

	private RestClient anonymous;

	@BeforeEach
	void createClient() {
		this.anonymous = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void anonymousCallsToTheEndpointOrTheConsoleAreSentToTheSignInForm() {
		for (String path : new String[] { "/actuator/ego", "/actuator/ego/projections/account-balances", "/ego",
				"/ego/", "/ego/config.json", "/ego/console.js" }) {
			ResponseEntity<Void> answer = this.anonymous.get().uri(path).retrieve().toBodilessEntity();
			assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.FOUND);
			assertThat(answer.getHeaders().getLocation()).as(path)
				.hasToString("http://127.0.0.1:" + this.port + "/login");
		}
		// a write without a session is not even checked for its CSRF token: it is not
		// signed in
		ResponseEntity<Void> write = this.anonymous.post()
			.uri("/actuator/ego/projections/account-balances")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("operation", "pause"))
			.retrieve()
			.toBodilessEntity();
		assertThat(write.getStatusCode().is2xxSuccessful()).isFalse();
	}

	@Test
	void wrongBasicCredentialsAreUnauthorizedAndTheOperatorsAreAccepted() {
		assertThat(this.anonymous.get()
			.uri("/actuator/ego")
			.headers((headers) -> headers.setBasicAuth(BankApi.OPERATOR, "wrong"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		BankApi operator = new BankApi(this.port);
		assertThat(operator.get("/actuator/ego").getStatusCode()).isEqualTo(HttpStatus.OK);
		// scripts write with Basic alone: no session, no CSRF token
		assertThat(operator.operate("account-balances", "pause").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(operator.operate("account-balances", "resume").getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void healthPrometheusAndTheApiStayOpen() {
		assertThat(this.anonymous.get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.OK);
		// a test does not export metrics (404 here), but security lets the scrape
		// through: no sign-in asked
		assertThat(this.anonymous.get().uri("/actuator/prometheus").retrieve().toBodilessEntity().getStatusCode())
			.isNotIn(HttpStatus.FOUND, HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
		assertThat(this.anonymous.post()
			.uri("/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("id", "open-api-1", "initialBalance", 1))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.anonymous.get().uri("/accounts/open-api-1").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

}
