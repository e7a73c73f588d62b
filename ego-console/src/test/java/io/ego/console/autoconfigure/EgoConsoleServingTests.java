package io.ego.console.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console served by a real server under a path of its own, with the Actuator under
 * another base path and read-only: the page, its script and style sheet come from the
 * jar, and its settings name the endpoint's URL and say that writes are off.
 */
@SpringBootTest(classes = EgoConsoleServingTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ego.console.enabled=true", "ego.console.path=/ops/console",
				"management.endpoints.web.base-path=/manage", "server.servlet.context-path=/app" })
class EgoConsoleServingTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EgoConsoleProperties properties;

	private RestClient client() {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port + "/app")
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void pathRedirectsToThePageWhichLoadsItsOwnAssets() {
		assertThat(this.properties.getPath()).isEqualTo("/ops/console");
		ResponseEntity<Void> redirect = client().get().uri("/ops/console").retrieve().toBodilessEntity();
		assertThat(redirect.getStatusCode()).isEqualTo(HttpStatus.FOUND);
		assertThat(redirect.getHeaders().getLocation()).hasToString("/app/ops/console/");

		ResponseEntity<String> page = client().get().uri("/ops/console/").retrieve().toEntity(String.class);
		assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(page.getHeaders().getContentType()).isNotNull()
			.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.TEXT_HTML)).isTrue());
		assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("script-src 'self'");
		assertThat(page.getBody()).contains("<script src=\"console.js\"")
			.contains("href=\"console.css\"")
			.doesNotContain("http://")
			.doesNotContain("https://");
		assertThat(client().get().uri("/ops/console/console.js").retrieve().toEntity(String.class).getBody())
			.contains("config.json");
		assertThat(client().get().uri("/ops/console/console.css").retrieve().toEntity(String.class).getBody())
			.contains("body");
	}

	@Test
	void settingsNameTheEndpointUnderTheActuatorBasePathAndSayWritesAreOff() {
		ResponseEntity<Map<String, Object>> config = client().get()
			.uri("/ops/console/config.json")
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
		assertThat(config.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(config.getBody()).containsEntry("console", "/app/ops/console")
			.containsEntry("actuator", "/app/manage/ego")
			.containsEntry("writeAccess", false)
			.containsEntry("csrf", null);
	}

	@Test
	void nothingIsServedOutsideThePath() {
		assertThat(client().get().uri("/ego/").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(
				client().get().uri("/io/ego/console/assets/console.js").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@SpringBootApplication
	static class App {

	}

}
