package io.ego.samples.bank;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * The sample's REST API and its Actuator {@code ego} endpoint over HTTP, for the tests:
 * every answer is returned (no status throws), JSON bodies as maps; every request is sent
 * as the operator (HTTP Basic), whom the Actuator requires.
 */
final class BankApi {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	/** The sample's operator (application.yml), who may call the Actuator. */
	static final String OPERATOR = "operator";

	/** The operator's password in the tests (the sample's default). */
	static final String OPERATOR_PASSWORD = "operator";

	private final RestClient client;

	BankApi(int port) {
		this.client = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			// the Actuator is for the operator (HTTP Basic); the API ignores the header
			.defaultHeaders((headers) -> headers.setBasicAuth(OPERATOR, OPERATOR_PASSWORD))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	ResponseEntity<Map<String, Object>> get(String path) {
		return this.client.get().uri(path).retrieve().toEntity(JSON);
	}

	List<Map<String, Object>> list(String path) {
		return this.client.get().uri(path).retrieve().body(LIST);
	}

	ResponseEntity<Map<String, Object>> post(String path, Object body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JSON);
	}

	ResponseEntity<Map<String, Object>> put(String path, Object body) {
		return this.client.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JSON);
	}

	HttpStatusCode delete(String path) {
		return this.client.delete().uri(path).retrieve().toBodilessEntity().getStatusCode();
	}

	HttpStatusCode open(String id, long initialBalance) {
		return post("/accounts", Map.of("id", id, "initialBalance", initialBalance)).getStatusCode();
	}

	HttpStatusCode credit(String id, long amount) {
		return post("/accounts/" + id + "/credit", Map.of("amount", amount)).getStatusCode();
	}

	HttpStatusCode debit(String id, long amount) {
		return post("/accounts/" + id + "/debit", Map.of("amount", amount)).getStatusCode();
	}

	/**
	 * Returns an account's balance from the entity itself ({@code GET /accounts/{id}}).
	 */
	long entityBalance(String id) {
		return number(get("/accounts/" + id).getBody(), "balance");
	}

	/** Returns an account's balance from the read model, or -1 when it has no row. */
	long readModelBalance(String id) {
		ResponseEntity<Map<String, Object>> balance = get("/accounts/" + id + "/balance");
		return balance.getStatusCode().is2xxSuccessful() ? number(balance.getBody(), "balance") : -1;
	}

	/** {@code GET /actuator/ego/projections/{name}}. */
	Map<String, Object> projection(String name) {
		return get("/actuator/ego/projections/" + name).getBody();
	}

	/**
	 * {@code POST /actuator/ego/projections/{name}} with an operation (pause, resume,
	 * rebuild...).
	 */
	ResponseEntity<Map<String, Object>> operate(String projection, String operation) {
		return post("/actuator/ego/projections/" + projection, Map.of("operation", operation));
	}

	/** The lag in events of a projection, from the Actuator endpoint. */
	long lag(String projection) {
		return number(projection(projection), "lagEvents");
	}

	static long number(Map<String, Object> json, String field) {
		return ((Number) json.get(field)).longValue();
	}

}
