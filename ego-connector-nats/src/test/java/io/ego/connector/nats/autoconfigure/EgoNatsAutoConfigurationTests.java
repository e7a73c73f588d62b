package io.ego.connector.nats.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.ego.connector.nats.NatsEventPublisher;
import io.ego.connector.nats.NatsStatePublisher;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import io.nats.client.Connection;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoNatsAutoConfiguration}. No server is needed: a publisher's own
 * connection opens on the first publish (the URL points at a closed port).
 */
class EgoNatsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoNatsAutoConfiguration.class))
		.withPropertyValues("ego.publishers.nats.url=nats://127.0.0.1:1",
				"ego.publishers.nats.connection-timeout=100ms");

	private final ApplicationContextRunner enabled = this.contextRunner
		.withPropertyValues("ego.publishers.nats.enabled=true");

	@Test
	void nothingIsConfiguredUnlessEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(NatsEventPublisher.class)
			.doesNotHaveBean(EgoEngineBuilderCustomizer.class)
			.doesNotHaveBean(EgoNatsProperties.class));
		this.contextRunner.withPropertyValues("ego.publishers.nats.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsEventPublisher.class));
	}

	@Test
	void nothingIsConfiguredWithoutTheNatsClient() {
		this.enabled.withClassLoader(new FilteredClassLoader(Connection.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsEventPublisher.class)
				.doesNotHaveBean(EgoEngineBuilderCustomizer.class));
	}

	@Test
	void enabledCreatesAnEventPublisherOnTheDefaultStreamForEveryEntityType() {
		this.enabled.run((context) -> {
			assertThat(context).hasSingleBean(NatsEventPublisher.class)
				.hasSingleBean(EgoEngineBuilderCustomizer.class)
				.doesNotHaveBean(NatsStatePublisher.class);
			NatsEventPublisher publisher = context.getBean(NatsEventPublisher.class);
			assertThat(publisher.stream()).isEqualTo("EGO_EVENTS");
			assertThat(publisher.subjectTemplate()).isEqualTo("ego.events.{entityType}");
			assertThat(publisher.subject("account")).isEqualTo("ego.events.account");
			assertThat(publisher.entityTypes()).isEmpty();
			assertThat(publisher.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
			// opened on the first publish
			assertThat(publisher.connection()).isNull();
		});
	}

	@Test
	void publisherPropertiesAreMapped() {
		this.enabled
			.withPropertyValues("ego.publishers.nats.events.stream=BANK",
					"ego.publishers.nats.events.subject=bank.{entityType}",
					"ego.publishers.nats.entity-types=account,limits", "ego.publishers.nats.send-timeout=5s")
			.run((context) -> {
				NatsEventPublisher publisher = context.getBean(NatsEventPublisher.class);
				assertThat(publisher.stream()).isEqualTo("BANK");
				assertThat(publisher.subject("account")).isEqualTo("bank.account");
				assertThat(publisher.entityTypes()).containsExactlyInAnyOrder("account", "limits");
				assertThat(publisher.sendTimeout()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void theConnectionOptionsComeFromTheProperties() {
		this.enabled
			.withPropertyValues("ego.publishers.nats.url=nats://127.0.0.1:1, nats://127.0.0.1:2",
					"ego.publishers.nats.username=bank", "ego.publishers.nats.password=secret",
					"ego.publishers.nats.connection-name=bank-app", "ego.publishers.nats.reconnect-wait=1s")
			.run((context) -> {
				Options options = context.getBean(EgoNatsAutoConfiguration.class).options();
				assertThat(options.getServers()).extracting(Object::toString)
					.containsExactly("nats://127.0.0.1:1", "nats://127.0.0.1:2");
				assertThat(options.getUsernameChars()).containsExactly("bank".toCharArray());
				assertThat(options.getPasswordChars()).containsExactly("secret".toCharArray());
				assertThat(options.getConnectionName()).isEqualTo("bank-app");
				assertThat(options.getReconnectWait()).isEqualTo(Duration.ofSeconds(1));
				assertThat(options.getMaxReconnect()).isEqualTo(-1);
			});
	}

	@Test
	void theCustomizerRegistersThePublisherWithItsSettingsAndTheDeadLetterStore() {
		this.enabled.withBean(InMemoryDeadLetterStore.class)
			.withPropertyValues("ego.publishers.nats.events.name=bank-nats", "ego.publishers.nats.parallelism=4",
					"ego.publishers.nats.retries=5", "ego.publishers.nats.retry-delay=250ms")
			.run((context) -> {
				EgoEngineBuilder builder = EgoEngine.builder()
					.eventStore(new InMemoryEventStore())
					.offsetStore(new InMemoryOffsetStore())
					.eventSourced("account", new AccountEntity());
				context.getBean(EgoEngineBuilderCustomizer.class).customize(builder);
				try (EgoEngine engine = builder.build()) {
					assertThat(engine.projections().names()).containsExactly("bank-nats");
					ProjectionStatus status = engine.projections().status("bank-nats");
					assertThat(status.workers()).hasSize(4);
					ProjectionSettings settings = status.settings();
					assertThat(settings.parallelism()).isEqualTo(4);
					assertThat(settings.retries()).isEqualTo(5);
					assertThat(settings.retryDelay()).isEqualTo(Duration.ofMillis(250));
					engine.projections().stop("bank-nats");
				}
			});
	}

	@Test
	void statesEnabledAlsoPublishesDurableStatesUnderTheStateName() {
		this.enabled.withBean(InMemoryDeadLetterStore.class)
			.withPropertyValues("ego.publishers.nats.states.enabled=true",
					"ego.publishers.nats.states.stream=BANK_STATES", "ego.publishers.nats.states.name=bank-states-nats")
			.run((context) -> {
				assertThat(context).hasSingleBean(NatsStatePublisher.class);
				NatsStatePublisher publisher = context.getBean(NatsStatePublisher.class);
				assertThat(publisher.stream()).isEqualTo("BANK_STATES");
				assertThat(publisher.subject("counter")).isEqualTo("ego.states.counter");
				EgoEngineBuilder builder = EgoEngine.builder()
					.eventStore(new InMemoryEventStore())
					.durableStateStore(new InMemoryDurableStateStore())
					.offsetStore(new InMemoryOffsetStore())
					.eventSourced("account", new AccountEntity())
					.durableState("counter", new CounterBehavior());
				context.getBeansOfType(EgoEngineBuilderCustomizer.class)
					.values()
					.forEach((customizer) -> customizer.customize(builder));
				try (EgoEngine engine = builder.build()) {
					assertThat(engine.projections().names()).containsExactlyInAnyOrder("nats", "bank-states-nats");
					engine.projections().stop("nats");
					engine.projections().stop("bank-states-nats");
				}
			});
	}

	@Test
	void statesArePublishedAloneWhenEventsAreDisabled() {
		this.enabled
			.withPropertyValues("ego.publishers.nats.events.enabled=false", "ego.publishers.nats.states.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsEventPublisher.class)
				.hasSingleBean(NatsStatePublisher.class)
				.hasSingleBean(EgoEngineBuilderCustomizer.class));
	}

	@Test
	void aUserDefinedPublisherIsUsedInstead() {
		this.enabled
			.withBean(NatsEventPublisher.class,
					() -> NatsEventPublisher.builder("nats://127.0.0.1:1").stream("MINE").build())
			.run((context) -> assertThat(context.getBean(NatsEventPublisher.class).stream()).isEqualTo("MINE"));
	}

	@Test
	void publishersListTheirStreamsInTheirNames() {
		this.enabled
			.run((context) -> assertThat(List.of(context.getBean(NatsEventPublisher.class).toString())).singleElement()
				.asString()
				.contains("EGO_EVENTS"));
	}

}
