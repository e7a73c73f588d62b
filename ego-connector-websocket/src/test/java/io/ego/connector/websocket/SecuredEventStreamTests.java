package io.ego.connector.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ego.connector.websocket.autoconfigure.EventStreamRegistrationCustomizer;
import io.ego.connector.websocket.client.EgoEventStreamClient;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The handshake secured the usual Spring Security way (the README's example): the
 * WebSocket upgrade is an HTTP request, so the filter chain authenticates it (HTTP Basic
 * here) and authorizes the path by role before the handler sees it; a
 * {@link HandshakeInterceptor}, added by an {@link EventStreamRegistrationCustomizer},
 * sees the authenticated principal.
 */
@SpringBootTest(classes = SecuredEventStreamTests.SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ego.publishers.websocket.enabled=true")
class SecuredEventStreamTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	@Autowired
	private PrincipalRecorder principals;

	@Test
	void aHandshakeWithoutCredentialsIsRefusedWith401() {
		assertThatIllegalStateException().isThrownBy(() -> client().connect())
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(401));
	}

	@Test
	void aUserWithoutTheRoleIsRefusedWith403() {
		assertThatIllegalStateException()
			.isThrownBy(() -> client().header("Authorization", basic("clerk", "clerk-secret")).connect())
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
	}

	@Test
	void aUserWithTheRoleReceivesEventsAndTheInterceptorSeesThePrincipal() {
		this.engine.askAndWait("account", "secured-1", AccountBehavior.open("secured-1", 0));
		Received received = new Received();
		try (EgoEventStreamClient client = client().header("Authorization", basic("reader", "reader-secret"))
			.afterPosition(0)
			.persistenceId("account|secured-1")
			.listener(received)
			.connect()) {
			await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
			assertThat(this.principals.names).containsValue("reader");
		}
	}

	private EgoEventStreamClient.Builder client() {
		return EgoEventStreamClient.builder(URI.create("ws://127.0.0.1:" + this.port + "/ego/events"))
			.httpClient(HttpClient.newHttpClient());
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** Records the principal of each handshake it lets through. */
	static final class PrincipalRecorder implements HandshakeInterceptor {

		final Map<String, String> names = new ConcurrentHashMap<>();

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			if (request.getPrincipal() == null) {
				return false;
			}
			this.names.put(request.getURI().toString(), request.getPrincipal().getName());
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				@Nullable Exception exception) {
		}

	}

	/**
	 * The application of the README's security example.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(AccountEntity.class)
	static class SecuredApplication {

		@Bean
		SecurityFilterChain eventStreamFilterChain(HttpSecurity http) {
			return http.authorizeHttpRequests((
					requests) -> requests.requestMatchers("/ego/events").hasRole("EVENTS").anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("reader").password("{noop}reader-secret").roles("EVENTS").build(),
					User.withUsername("clerk").password("{noop}clerk-secret").roles("CLERK").build());
		}

		@Bean
		PrincipalRecorder principalRecorder() {
			return new PrincipalRecorder();
		}

		@Bean
		EventStreamRegistrationCustomizer principalCheck(PrincipalRecorder recorder) {
			return (registration) -> registration.addInterceptors(recorder);
		}

	}

}
