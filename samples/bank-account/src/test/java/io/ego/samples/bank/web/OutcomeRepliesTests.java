package io.ego.samples.bank.web;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.ego.core.store.EventStore;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command whose outcome is unknown answers {@code 504} with its own problem type, apart
 * from a command that was not written ({@code 503} with {@code Retry-After}); neither
 * body shows the store's internal message.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:outcome-replies-${random.uuid};DB_CLOSE_DELAY=-1")
class OutcomeRepliesTests {

	private static final String SECRET = "jdbc:h2:internal-detail dk1.key-id";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	static final AtomicReference<StoreException> failure = new AtomicReference<>();

	@LocalServerPort
	private int port;

	private RestClient client;

	@BeforeEach
	void openAccount() {
		this.client = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
		post("/accounts", Map.of("id", "outcome-1", "initialBalance", 10));
	}

	@AfterEach
	void heal() {
		failure.set(null);
	}

	@Test
	void aCommandWhoseOutcomeIsUnknownAnswers504WithoutInternalDetail() {
		failure.set(new StoreOutcomeUnknownException("commit answer lost: " + SECRET));
		ResponseEntity<Map<String, Object>> reply = post("/accounts/outcome-1/credit", Map.of("amount", 1));
		assertThat(reply.getStatusCode().value()).isEqualTo(504);
		assertThat(reply.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		assertThat(reply.getHeaders().containsHeader("Retry-After")).isFalse();
		assertThat(reply.getBody()).containsEntry("outcome", "unknown");
		assertThat((String) reply.getBody().get("type")).endsWith("outcome-unknown");
		assertThat(reply.getBody().toString()).doesNotContain(SECRET);
	}

	@Test
	void aCommandThatWasNotWrittenAnswers503WithRetryAfterWithoutInternalDetail() {
		failure.set(new StoreException("journal down: " + SECRET));
		ResponseEntity<Map<String, Object>> reply = post("/accounts/outcome-1/credit", Map.of("amount", 1));
		assertThat(reply.getStatusCode().value()).isEqualTo(503);
		assertThat(reply.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(reply.getBody()).containsEntry("outcome", "not-written");
		assertThat((String) reply.getBody().get("type")).endsWith("not-written");
		assertThat(reply.getBody().toString()).doesNotContain(SECRET);
	}

	private ResponseEntity<Map<String, Object>> post(String path, Object body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JSON);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingJournal {

		/** Wraps the event store so that its appends throw {@link #failure} while set. */
		@Bean
		static BeanPostProcessor failingEventStore() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (!(bean instanceof EventStore)) {
						return bean;
					}
					ProxyFactory proxy = new ProxyFactory(bean);
					proxy.addAdvice((MethodInterceptor) (invocation) -> {
						StoreException thrown = failure.get();
						if (thrown != null && invocation.getMethod().getName().equals("append")) {
							throw thrown;
						}
						return invocation.proceed();
					});
					return proxy.getProxy();
				}
			};
		}

	}

}
