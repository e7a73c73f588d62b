package io.ego.samples.bank;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each write and delete operation of the {@code ego} endpoint answers without write
 * access ({@code management.endpoint.ego.access=read-only}, the default): Spring Boot
 * does not map them, so each path answers 405, as the root README's table says, and the
 * reads still answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:actuator-read-only-${random.uuid};DB_CLOSE_DELAY=-1",
				"management.endpoint.ego.access=read-only" })
class ActuatorReadOnlyTests {

	@LocalServerPort
	private int port;

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
	void everyWriteAndDeleteOperationAnswers405AndTheReadsStillAnswer() {
		Map<String, String> pause = Map.of("operation", "pause");
		assertThat(send(HttpMethod.POST, "/actuator/ego/projections/account-balances", pause).value()).isEqualTo(405);
		assertThat(send(HttpMethod.POST, "/actuator/ego/dead-letters/1", Map.of("operation", "retry")).value())
			.isEqualTo(405);
		assertThat(send(HttpMethod.DELETE, "/actuator/ego/dead-letters/1", null).value()).isEqualTo(405);
		assertThat(send(HttpMethod.POST, "/actuator/ego/encryption", Map.of("operation", "rewrap-data-keys")).value())
			.isEqualTo(405);
		assertThat(send(HttpMethod.POST, "/actuator/ego/sagas/transfer/t-1", Map.of("operation", "retry")).value())
			.isEqualTo(405);
		// the erase path has a read too (the entity), so it is 405 like the others
		assertThat(send(HttpMethod.DELETE, "/actuator/ego/entities/account/nobody", null).value()).isEqualTo(405);

		assertThat(send(HttpMethod.GET, "/actuator/ego/projections/account-balances", null).value()).isEqualTo(200);
		assertThat(send(HttpMethod.GET, "/actuator/ego/entities/account/nobody", null).value()).isEqualTo(404);
	}

	private HttpStatusCode send(HttpMethod method, String path, Object body) {
		RestClient.RequestBodySpec request = this.client.method(method).uri(path);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.retrieve().toBodilessEntity().getStatusCode();
	}

}
