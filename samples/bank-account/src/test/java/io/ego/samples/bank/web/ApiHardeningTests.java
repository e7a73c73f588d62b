package io.ego.samples.bank.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's API as a model application: overflow rejected, strict JSON, validated ids,
 * a bounded request size, limits only for an account that exists, and every error as
 * {@code application/problem+json} (RFC 9457), whatever layer answers it: a controller,
 * Spring MVC or Tomcat.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:api-hardening-${random.uuid};DB_CLOSE_DELAY=-1")
class ApiHardeningTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	/** An account opened with a balance of 10 for each test. */
	private String account;

	@BeforeEach
	void openAccount() throws Exception {
		this.account = "hard-" + UUID.randomUUID();
		assertThat(send("POST", "/accounts", "{\"id\":\"" + this.account + "\",\"initialBalance\":10}").statusCode())
			.isEqualTo(200);
	}

	@Test
	void aCreditThatWouldOverflowTheBalanceIsRejectedAndChangesNothing() throws Exception {
		HttpResponse<String> overflow = send("POST", "/accounts/" + this.account + "/credit",
				"{\"amount\":" + Long.MAX_VALUE + "}");
		assertProblem(overflow, 409, "overflow");
		assertThat(send("GET", "/accounts/" + this.account, null).body()).contains("\"balance\":10");
		assertThat(send("POST", "/accounts/" + this.account + "/credit", "{\"amount\":5}").statusCode()).isEqualTo(200);
	}

	@Test
	void floatsAndStringsAreNotCoercedIntoAmounts() throws Exception {
		assertProblem(send("POST", "/accounts/" + this.account + "/credit", "{\"amount\":1.5}"), 400, "amount");
		assertProblem(send("POST", "/accounts/" + this.account + "/credit", "{\"amount\":\"7\"}"), 400, "amount");
		assertProblem(send("POST", "/accounts/" + this.account + "/credit", "{\"amount\":1,\"extra\":true}"), 400,
				"extra");
		assertProblem(send("POST", "/accounts/" + this.account + "/credit", "{\"amount\":"), 400, "");
		assertThat(send("GET", "/accounts/" + this.account, null).body()).contains("\"balance\":10");
	}

	@Test
	void aMissingFieldIsTheSameKindOfErrorWhicheverFieldItIs() throws Exception {
		assertProblem(send("POST", "/accounts", "{\"id\":\"hard-2\"}"), 422, "initialBalance");
		assertProblem(send("POST", "/accounts", "{\"initialBalance\":1}"), 422, "id");
		assertProblem(send("POST", "/accounts/" + this.account + "/credit", "{}"), 422, "amount");
		assertProblem(send("POST", "/accounts/" + this.account + "/credit", "{\"amount\":0}"), 422, "amount");
	}

	@Test
	void idsOutsideThePatternAreRejectedWhereverTheyAppear() throws Exception {
		assertProblem(send("POST", "/accounts", "{\"id\":\"a/b\",\"initialBalance\":1}"), 422, "id");
		assertProblem(send("POST", "/accounts", "{\"id\":\" pad \",\"initialBalance\":1}"), 422, "id");
		assertProblem(send("GET", "/accounts/a%2Fb", null), 422, "id");
		assertProblem(send("POST", "/accounts/a%2Fb/credit", "{\"amount\":1}"), 422, "id");
		assertProblem(send("GET", "/accounts/%20pad%20", null), 422, "id");
	}

	@Test
	void errorsFromSpringMvcAndTomcatAreProblemDetailsToo() throws Exception {
		assertProblem(send("GET", "/no-such-thing", null), 404, "");
		assertProblem(send("DELETE", "/accounts", null), 405, "");
		assertThat(raw("GET /accounts/%zz HTTP/1.1")).startsWith("HTTP/1.1 400")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"status\":400");
		assertThat(raw("GET /accounts/a%00b HTTP/1.1")).startsWith("HTTP/1.1 400")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"status\":400");
		HttpResponse<String> plainText = this.http
			.send(HttpRequest.newBuilder(uri("/accounts/" + this.account + "/credit"))
				.header("Content-Type", "text/plain")
				.POST(BodyPublishers.ofString("amount=1"))
				.build(), BodyHandlers.ofString());
		assertProblem(plainText, 415, "");
	}

	@Test
	void aBodyLargerThanTheLimitIsRefusedWith413() throws Exception {
		String large = "{\"amount\":1,\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
		assertProblem(send("POST", "/accounts/" + this.account + "/credit", large), 413, "");
		HttpResponse<String> chunked = this.http
			.send(HttpRequest.newBuilder(uri("/accounts/" + this.account + "/credit"))
				.header("Content-Type", "application/json")
				.POST(chunked(large))
				.build(), BodyHandlers.ofString());
		assertProblem(chunked, 413, "");
		assertThat(send("GET", "/accounts/" + this.account, null).body()).contains("\"balance\":10");
	}

	@Test
	void limitsOfAnAccountNeverOpenedAreNotFound() throws Exception {
		assertProblem(send("PUT", "/accounts/nobody-limits/limits", "{\"maxDebit\":5}"), 404, "nobody-limits");
		assertProblem(send("GET", "/accounts/nobody-limits/limits", null), 404, "nobody-limits");
		assertThat(send("PUT", "/accounts/" + this.account + "/limits", "{\"maxDebit\":5}").statusCode())
			.isEqualTo(200);
	}

	private HttpResponse<String> send(String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	/**
	 * Sends a request line no HTTP client would send (an undecodable path) and returns
	 * the whole response.
	 */
	private String raw(String requestLine) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** A body without a Content-Length: sent in chunks. */
	private static HttpRequest.BodyPublisher chunked(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		int chunk = 64 * 1024;
		List<byte[]> chunks = IntStream.range(0, (bytes.length + chunk - 1) / chunk)
			.mapToObj((i) -> Arrays.copyOfRange(bytes, i * chunk, Math.min(bytes.length, (i + 1) * chunk)))
			.toList();
		return BodyPublishers.ofByteArrays(chunks);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String mentions) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(response.body())
			.hasValueSatisfying((type) -> assertThat(type).startsWith(PROBLEM_JSON));
		assertThat(response.body()).contains("\"status\":" + status).contains("\"title\":").contains(mentions);
	}

}
