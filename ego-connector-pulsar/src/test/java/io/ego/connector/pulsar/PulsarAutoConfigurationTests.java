package io.ego.connector.pulsar;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.connector.pulsar.autoconfigure.EgoPulsarAutoConfiguration;
import io.ego.core.DurableStateBehavior;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.spring.annotation.DurableStateEntity;
import io.ego.spring.annotation.EventSourcedEntity;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.test.bank.Counter;
import io.ego.test.pulsar.PulsarBroker;
import io.ego.test.pulsar.PulsarBrokerExtension;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Boot auto-configuration under {@code ego.publishers.pulsar.*}, against the real
 * broker of the test run: off by default; on, the engine publishes a command's events
 * (and, when asked, durable states) to the configured topics, through the application's
 * {@link PulsarClient} when it has one; a broker that is down does not stop the start-up.
 */
@ExtendWith(PulsarBrokerExtension.class)
class PulsarAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoInMemoryStoreAutoConfiguration.class, EgoAutoConfiguration.class,
				EgoPulsarAutoConfiguration.class))
		.withBean(Account.class)
		.withBean(CounterEntity.class)
		.withBean(InMemoryDeadLetterStore.class);

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(PulsarEventPublisher.class);
			assertThat(context.getBean(EgoEngine.class).projections().names()).isEmpty();
		});
	}

	@Test
	void eventsAndStatesArePublishedToTheConfiguredTopics(PulsarBroker broker) throws Exception {
		String events = "persistent://public/default/auto-events-" + System.nanoTime();
		String states = "persistent://public/default/auto-states-" + System.nanoTime();
		try (PulsarClient client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
				TopicReader eventReader = new TopicReader(client, events, 1, false);
				TopicReader stateReader = new TopicReader(client, states, 1, true)) {
			this.contextRunner
				.withPropertyValues("ego.publishers.pulsar.enabled=true",
						"ego.publishers.pulsar.service-url=" + broker.serviceUrl(),
						"ego.publishers.pulsar.events.topic=" + events, "ego.publishers.pulsar.states.enabled=true",
						"ego.publishers.pulsar.states.topic=" + states, "ego.publishers.pulsar.parallelism=2")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					EgoEngine engine = context.getBean(EgoEngine.class);
					assertThat(engine.projections().names()).containsExactlyInAnyOrder("pulsar", "pulsar-states");
					for (String id : List.of("a-1", "a-2")) {
						engine.askAndWait("account", id, AccountBehavior.open(id, 10));
						engine.askAndWait("account", id, AccountBehavior.credit(id, 5));
					}
					engine.askAndWait("counter", "c-1", CounterBehavior.by(3));
					await().atMost(Duration.ofSeconds(30))
						.until(() -> eventReader.numbers()
							.equals(Map.of("account|a-1", List.of(1L, 2L), "account|a-2", List.of(1L, 2L)))
								&& stateReader.numbers().equals(Map.of("counter|c-1", List.of(1L))));
				});
		}
	}

	@Test
	void theApplicationsClientIsUsed(PulsarBroker broker) throws Exception {
		String events = "persistent://public/default/auto-shared-" + System.nanoTime();
		try (PulsarClient client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
				TopicReader reader = new TopicReader(client, events, 1, false)) {
			this.contextRunner.withBean(PulsarClient.class, () -> client, (bean) -> bean.setDestroyMethodName(""))
				.withPropertyValues("ego.publishers.pulsar.enabled=true",
						"ego.publishers.pulsar.service-url=pulsar://127.0.0.1:1",
						"ego.publishers.pulsar.events.topic=" + events)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					context.getBean(EgoEngine.class).askAndWait("account", "s-1", AccountBehavior.open("s-1", 1));
					await().atMost(Duration.ofSeconds(30))
						.until(() -> reader.numbers().equals(Map.of("account|s-1", List.of(1L))));
				});
		}
	}

	@Test
	void aBrokerThatIsDownDoesNotStopTheStartUp() {
		this.contextRunner
			.withPropertyValues("ego.publishers.pulsar.enabled=true",
					"ego.publishers.pulsar.service-url=pulsar://127.0.0.1:1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EgoEngine engine = context.getBean(EgoEngine.class);
				assertThat(engine.askAndWait("account", "d-1", AccountBehavior.open("d-1", 1)).isAccepted()).isTrue();
				assertThat(engine.projections().names()).containsExactly("pulsar");
			});
	}

	@EventSourcedEntity("account")
	static class Account extends AccountBehavior {

	}

	@DurableStateEntity("counter")
	static class CounterEntity implements DurableStateBehavior<Counter> {

		private final CounterBehavior delegate = new CounterBehavior();

		@Override
		public Counter initialState() {
			return this.delegate.initialState();
		}

		@Override
		public Counter handleCommand(Message command, Counter state, long revision) {
			return this.delegate.handleCommand(command, state, revision);
		}

	}

}
