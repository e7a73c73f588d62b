package io.ego.samples.bank;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ego.core.EgoEngine;
import io.ego.core.store.EventStore;
import io.ego.core.store.StoreException;
import io.ego.samples.bank.statement.StatementProjection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's meters after a scripted workload over HTTP (accepted, rejected and failed
 * commands; the statement projection paused, then resumed), on the
 * {@link SimpleMeterRegistry} a Spring Boot test gets: expected counts and values,
 * low-cardinality tags only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/bank-${random.uuid};DB_CLOSE_ON_EXIT=FALSE")
class AccountMetricsTests {

	/** While set, every journal write fails. */
	static final AtomicBoolean journalDown = new AtomicBoolean();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private EgoEngine engine;

	@Test
	void scriptedWorkloadYieldsTheExpectedMetersWithLowCardinalityTags() {
		assertThat(this.meters).isInstanceOf(SimpleMeterRegistry.class);
		assertThat(post("/accounts", Map.of("id", "metered-1", "initialBalance", 100))).isEqualTo(HttpStatus.OK);
		assertThat(post("/accounts/metered-1/credit", Map.of("amount", 50))).isEqualTo(HttpStatus.OK);
		assertThat(post("/accounts/metered-1/debit", Map.of("amount", 500))).isEqualTo(HttpStatus.CONFLICT);
		assertThat(post("/accounts/metered-1/debit", Map.of("amount", 20))).isEqualTo(HttpStatus.OK);
		journalDown.set(true);
		assertThat(post("/accounts/metered-1/credit", Map.of("amount", 7))).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		journalDown.set(false);
		this.engine.projections().pause(StatementProjection.NAME);
		assertThat(post("/accounts", Map.of("id", "metered-2", "initialBalance", 1))).isEqualTo(HttpStatus.OK);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(lag("ego.projection.lag.events")).isPositive());
		this.engine.projections().resume(StatementProjection.NAME);

		// commands by entity type, command type and outcome (the debits also read the
		// account's limits)
		assertThat(commands("account", "OpenAccount", "accepted")).isEqualTo(2);
		assertThat(commands("account", "CreditAccount", "accepted")).isEqualTo(1);
		assertThat(commands("account", "CreditAccount", "failed")).isEqualTo(1);
		assertThat(commands("account", "DebitAccount", "rejected")).isEqualTo(1);
		assertThat(commands("account", "DebitAccount", "accepted")).isEqualTo(1);
		assertThat(commands("account-limits", "GetLimits", "accepted")).isEqualTo(2);
		assertThat(this.meters.get("ego.command").tag("ego.entity.type", "account").timers())
			.allSatisfy((timer) -> assertThat(timer.getId().getBaseUnit()).isEqualTo("seconds"));
		// journal writes: four events written in four writes, one write failed
		assertThat(timers("ego.persist", "account", "success")).isEqualTo(4);
		assertThat(timers("ego.persist", "account", "failure")).isEqualTo(1);
		assertThat(this.meters.get("ego.events.persisted").tag("ego.entity.type", "account").counter().count())
			.isEqualTo(4);
		assertThat(this.meters.get("ego.persist.batch.size").tag("ego.entity.type", "account").summary())
			.satisfies((summary) -> {
				assertThat(summary.count()).isEqualTo(4);
				assertThat(summary.totalAmount()).isEqualTo(4);
			});
		// entities: two accounts and one limits entity activated, all still live
		assertThat(this.meters.get("ego.entities.activations").tag("ego.entity.type", "account").counter().count())
			.isEqualTo(2);
		assertThat(liveEntities("account")).isEqualTo(2);
		assertThat(liveEntities("account-limits")).isEqualTo(1);
		assertThat(timers("ego.recovery", "account", "success")).isGreaterThanOrEqualTo(2);
		// the statement projection, resumed, handles the four events and catches up
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.meters.find("ego.projection.event")
				.tag("ego.projection", StatementProjection.NAME)
				.tag("ego.worker", "0-1023")
				.tag("ego.entity.type", "account")
				.tag("ego.outcome", "handled")
				.timers()
				.stream()
				.mapToLong(Timer::count)
				.sum()).isEqualTo(4);
			assertThat(lag("ego.projection.lag.events")).isZero();
		});
		assertThat(this.meters.get("ego.projection.batch").tag("ego.projection", StatementProjection.NAME).timers())
			.isNotEmpty();
		// low cardinality: no meter is tagged with an entity id or persistence id
		assertThat(this.meters.getMeters()).filteredOn((meter) -> meter.getId().getName().startsWith("ego."))
			.isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter.getId().getTags())
				.noneMatch((tag) -> tag.getValue().contains("metered-") || tag.getValue().contains("|")));
	}

	/**
	 * Reads the live-entities gauge.
	 */
	private double liveEntities(String entityType) {
		return this.meters.get("ego.entities.active").tag("ego.entity.type", entityType).gauge().value();
	}

	private double lag(String name) {
		return this.meters.get(name)
			.tag("ego.projection", StatementProjection.NAME)
			.tag("ego.worker", "0-1023")
			.gauge()
			.value();
	}

	private double commands(String entityType, String commandType, String outcome) {
		return this.meters.find("ego.command")
			.tag("ego.entity.type", entityType)
			.tag("ego.command.type", "ego.samples.bank." + commandType)
			.tag("ego.outcome", outcome)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private double timers(String name, String entityType, String outcome) {
		return this.meters.find(name)
			.tag("ego.entity.type", entityType)
			.tag("ego.outcome", outcome)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private HttpStatusCode post(String path, Object body) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build()
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FlakyJournal {

		/**
		 * Wraps the event store so that its writes fail while {@link #journalDown} is
		 * set.
		 */
		@Bean
		static BeanPostProcessor flakyEventStore() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (!(bean instanceof EventStore)) {
						return bean;
					}
					ProxyFactory proxy = new ProxyFactory(bean);
					proxy.addAdvice((MethodInterceptor) (invocation) -> {
						if (journalDown.get() && invocation.getMethod().getName().equals("append")) {
							throw new StoreException("journal down");
						}
						return invocation.proceed();
					});
					return proxy.getProxy();
				}
			};
		}

	}

}
