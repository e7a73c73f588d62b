package io.ego.connector.kafka.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ego.connector.kafka.KafkaEventPublisher;
import io.ego.connector.kafka.KafkaStatePublisher;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EngineConfigurationException;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EgoKafkaAutoConfiguration}. No broker is needed: the producer connects
 * on first send.
 */
class EgoKafkaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, EgoKafkaAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:1");

	private final ApplicationContextRunner enabled = this.contextRunner
		.withPropertyValues("ego.publishers.kafka.enabled=true");

	@Test
	void nothingIsConfiguredUnlessEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(KafkaEventPublisher.class)
			.doesNotHaveBean(EgoEngineBuilderCustomizer.class)
			.doesNotHaveBean(EgoKafkaProperties.class));
		this.contextRunner.withPropertyValues("ego.publishers.kafka.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaEventPublisher.class));
	}

	@Test
	void nothingIsConfiguredWithoutSpringKafka() {
		this.enabled.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaEventPublisher.class)
				.doesNotHaveBean(EgoEngineBuilderCustomizer.class));
	}

	@Test
	void enabledCreatesAPublisherOnTheDefaultTopicForEveryEntityType() {
		this.enabled.run((context) -> {
			assertThat(context).hasSingleBean(KafkaEventPublisher.class)
				.hasSingleBean(EgoEngineBuilderCustomizer.class)
				.doesNotHaveBean(TopicCreation.class);
			KafkaEventPublisher publisher = context.getBean(KafkaEventPublisher.class);
			assertThat(publisher.topic()).isEqualTo("ego-events");
			assertThat(publisher.entityTypes()).isEmpty();
			assertThat(publisher.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void publisherPropertiesAreMapped() {
		this.enabled
			.withPropertyValues("ego.publishers.kafka.events.topic=bank-events",
					"ego.publishers.kafka.entity-types=account,limits", "ego.publishers.kafka.send-timeout=5s")
			.run((context) -> {
				KafkaEventPublisher publisher = context.getBean(KafkaEventPublisher.class);
				assertThat(publisher.topic()).isEqualTo("bank-events");
				assertThat(publisher.entityTypes()).containsExactlyInAnyOrder("account", "limits");
				assertThat(publisher.sendTimeout()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void theProducerUsesSpringKafkaPropertiesWithIdempotenceForced() {
		this.enabled
			.withPropertyValues("spring.kafka.producer.acks=1", "spring.kafka.producer.client-id=bank",
					"spring.kafka.producer.properties.enable.idempotence=false",
					"spring.kafka.producer.properties.linger.ms=25", "spring.kafka.producer.transaction-id-prefix=tx-",
					"ego.publishers.kafka.send-timeout=7s")
			.run((context) -> {
				Map<String, Object> producer = context.getBean(KafkaEventPublisher.class)
					.kafkaOperations()
					.getProducerFactory()
					.getConfigurationProperties();
				assertThat(producer).containsEntry("bootstrap.servers", List.of("localhost:1"))
					.containsEntry("client.id", "bank")
					.containsEntry("linger.ms", "25")
					.containsEntry("acks", "all")
					.containsEntry("enable.idempotence", true)
					.containsEntry("max.block.ms", 7000L)
					.doesNotContainKey("transactional.id");
				assertThat(context.getBean(KafkaEventPublisher.class).kafkaOperations().isTransactional()).isFalse();
			});
	}

	@Test
	void theCustomizerRegistersThePublisherWithItsSettingsAndTheDeadLetterStore() {
		this.enabled.withBean(InMemoryDeadLetterStore.class)
			.withPropertyValues("ego.publishers.kafka.events.name=bank-kafka", "ego.publishers.kafka.parallelism=4",
					"ego.publishers.kafka.retries=5", "ego.publishers.kafka.retry-delay=250ms")
			.run((context) -> {
				EgoEngineBuilder builder = EgoEngine.builder()
					.eventStore(new InMemoryEventStore())
					.offsetStore(new InMemoryOffsetStore())
					.eventSourced("account", new AccountEntity());
				context.getBean(EgoEngineBuilderCustomizer.class).customize(builder);
				try (EgoEngine engine = builder.build()) {
					assertThat(engine.projections().names()).containsExactly("bank-kafka");
					ProjectionStatus status = engine.projections().status("bank-kafka");
					assertThat(status.workers()).hasSize(4);
					ProjectionSettings settings = status.settings();
					assertThat(settings.parallelism()).isEqualTo(4);
					assertThat(settings.retries()).isEqualTo(5);
					assertThat(settings.retryDelay()).isEqualTo(Duration.ofMillis(250));
					engine.projections().stop("bank-kafka");
				}
			});
	}

	@Test
	void statesEnabledAlsoPublishesDurableStatesToTheStateTopicUnderTheStateName() {
		this.enabled.withBean(InMemoryDeadLetterStore.class)
			.withPropertyValues("ego.publishers.kafka.states.enabled=true",
					"ego.publishers.kafka.states.topic=bank-states",
					"ego.publishers.kafka.states.name=bank-states-kafka", "ego.publishers.kafka.entity-types=account",
					"ego.publishers.kafka.parallelism=2")
			.run((context) -> {
				assertThat(context).hasSingleBean(KafkaEventPublisher.class)
					.hasSingleBean(KafkaStatePublisher.class)
					.doesNotHaveBean(TopicCreation.class);
				KafkaStatePublisher states = context.getBean(KafkaStatePublisher.class);
				assertThat(states.topic()).isEqualTo("bank-states");
				assertThat(states.entityTypes()).containsExactly("account");
				EgoEngineBuilder builder = EgoEngine.builder()
					.eventStore(new InMemoryEventStore())
					.durableStateStore(new InMemoryDurableStateStore())
					.offsetStore(new InMemoryOffsetStore())
					.eventSourced("account", new AccountEntity());
				context.getBeansOfType(EgoEngineBuilderCustomizer.class)
					.values()
					.forEach((customizer) -> customizer.customize(builder));
				try (EgoEngine engine = builder.build()) {
					assertThat(engine.projections().names()).containsExactlyInAnyOrder("kafka", "bank-states-kafka");
					assertThat(engine.projections().status("bank-states-kafka").workers()).hasSize(2);
					engine.projections().stop("kafka");
					engine.projections().stop("bank-states-kafka");
				}
			});
	}

	@Test
	void statesArePublishedAloneWhenEventsAreDisabled() {
		this.enabled.withBean(InMemoryDeadLetterStore.class)
			.withPropertyValues("ego.publishers.kafka.events.enabled=false", "ego.publishers.kafka.states.enabled=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(KafkaEventPublisher.class)
					.hasSingleBean(KafkaStatePublisher.class)
					.hasSingleBean(EgoEngineBuilderCustomizer.class);
				EgoEngineBuilder builder = EgoEngine.builder()
					.eventStore(new InMemoryEventStore())
					.durableStateStore(new InMemoryDurableStateStore())
					.offsetStore(new InMemoryOffsetStore())
					.eventSourced("account", new AccountEntity());
				context.getBean(EgoEngineBuilderCustomizer.class).customize(builder);
				try (EgoEngine engine = builder.build()) {
					assertThat(engine.projections().names()).containsExactly("kafka-states");
					engine.projections().stop("kafka-states");
				}
			});
		this.enabled
			.withPropertyValues("ego.publishers.kafka.events.enabled=false", "ego.publishers.kafka.states.enabled=true",
					"spring.kafka.admin.auto-create=false", "ego.publishers.kafka.create-topic=true")
			.run((context) -> assertThat(context.getBean(TopicCreation.class).topics()).extracting(NewTopic::name)
				.containsExactly("ego-states"));
	}

	@Test
	void theKeysBeforeEventsAndStatesStillWorkAndGiveWayToTheNewOnes() {
		this.enabled.withBean(InMemoryDeadLetterStore.class)
			.withPropertyValues("ego.publishers.kafka.states.enabled=true", "ego.publishers.kafka.topic=old-events",
					"ego.publishers.kafka.name=old-kafka", "ego.publishers.kafka.state-topic=old-states",
					"ego.publishers.kafka.state-name=old-kafka-states")
			.run((context) -> {
				assertThat(context.getBean(KafkaEventPublisher.class).topic()).isEqualTo("old-events");
				assertThat(context.getBean(KafkaStatePublisher.class).topic()).isEqualTo("old-states");
				EgoKafkaProperties properties = context.getBean(EgoKafkaProperties.class);
				assertThat(properties.getEvents().getName()).isEqualTo("old-kafka");
				assertThat(properties.getStates().getName()).isEqualTo("old-kafka-states");
			});
		this.enabled
			.withPropertyValues("ego.publishers.kafka.states.enabled=true", "ego.publishers.kafka.topic=old-events",
					"ego.publishers.kafka.events.topic=new-events", "ego.publishers.kafka.name=old-kafka",
					"ego.publishers.kafka.events.name=new-kafka", "ego.publishers.kafka.state-topic=old-states",
					"ego.publishers.kafka.states.topic=new-states", "ego.publishers.kafka.state-name=old-kafka-states",
					"ego.publishers.kafka.states.name=new-kafka-states")
			.run((context) -> {
				assertThat(context.getBean(KafkaEventPublisher.class).topic()).isEqualTo("new-events");
				assertThat(context.getBean(KafkaStatePublisher.class).topic()).isEqualTo("new-states");
				EgoKafkaProperties properties = context.getBean(EgoKafkaProperties.class);
				assertThat(properties.getEvents().getName()).isEqualTo("new-kafka");
				assertThat(properties.getStates().getName()).isEqualTo("new-kafka-states");
			});
	}

	@Test
	void createTopicDefinesTheStateTopicWhenStatesAreEnabled() {
		this.enabled
			.withPropertyValues("spring.kafka.admin.auto-create=false", "ego.publishers.kafka.create-topic=true",
					"ego.publishers.kafka.states.enabled=true")
			.run((context) -> assertThat(context.getBean(TopicCreation.class).topics()).extracting(NewTopic::name)
				.containsExactlyInAnyOrder("ego-events", "ego-states"));
	}

	@Test
	void statesAreNotPublishedUnlessEnabled() {
		this.enabled.run((context) -> assertThat(context).doesNotHaveBean(KafkaStatePublisher.class)
			.hasSingleBean(EgoEngineBuilderCustomizer.class));
	}

	@Test
	void withoutADeadLetterStoreTheEngineSaysSo() {
		this.enabled.run((context) -> {
			EgoEngineBuilder builder = EgoEngine.builder()
				.eventStore(new InMemoryEventStore())
				.offsetStore(new InMemoryOffsetStore());
			context.getBean(EgoEngineBuilderCustomizer.class).customize(builder);
			assertThatExceptionOfType(EngineConfigurationException.class).isThrownBy(builder::build)
				.withMessageContaining("publisher 'kafka'")
				.withMessageContaining("no dead-letter store");
		});
	}

	@Test
	void anInvalidParallelismFailsAtStartup() {
		this.enabled.withPropertyValues("ego.publishers.kafka.parallelism=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(EngineConfigurationException.class)
				.hasMessageContaining("parallelism"));
	}

	@Test
	void createTopicDefinesTheTopic() {
		this.enabled
			.withPropertyValues("spring.kafka.admin.auto-create=false", "ego.publishers.kafka.events.topic=bank-events",
					"ego.publishers.kafka.create-topic=true", "ego.publishers.kafka.partitions=6",
					"ego.publishers.kafka.replicas=1")
			.run((context) -> {
				assertThat(context.getBean(TopicCreation.class).topics()).hasSize(1);
				NewTopic topic = context.getBean(TopicCreation.class).topics().get(0);
				assertThat(topic.name()).isEqualTo("bank-events");
				assertThat(topic.numPartitions()).isEqualTo(6);
				assertThat(topic.replicationFactor()).isEqualTo((short) 1);
			});
	}

	@Test
	void createTopicLeavesPartitionsAndReplicasToTheBrokerByDefault() {
		this.enabled
			.withPropertyValues("spring.kafka.admin.auto-create=false", "ego.publishers.kafka.create-topic=true")
			.run((context) -> {
				NewTopic topic = context.getBean(TopicCreation.class).topics().get(0);
				assertThat(topic.name()).isEqualTo("ego-events");
				assertThat(topic.numPartitions()).isEqualTo(-1);
				assertThat(topic.replicationFactor()).isEqualTo((short) -1);
			});
	}

	@Test
	void aUserDefinedPublisherIsUsedInstead() {
		this.enabled
			.withBean("myPublisher", KafkaEventPublisher.class,
					() -> KafkaEventPublisher.builder(Map.of("bootstrap.servers", "localhost:1")).topic("mine").build())
			.run((context) -> {
				assertThat(context).hasSingleBean(KafkaEventPublisher.class).hasBean("myPublisher");
				assertThat(context.getBean(KafkaEventPublisher.class).topic()).isEqualTo("mine");
				assertThat(context).hasSingleBean(EgoEngineBuilderCustomizer.class);
			});
	}

}
