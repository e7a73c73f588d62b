package io.ego.connector.kafka.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ego.connector.kafka.PublishedEvents;
import io.ego.connector.kafka.ReceivedEvent;
import io.ego.connector.kafka.TestBroker;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application context with Boot's Kafka, the ego engine and the Kafka publisher
 * auto-configured, against a real broker: the topic is created (in the background),
 * commands' events reach it, and a consumer reads them back with {@link PublishedEvents}.
 */
class EgoKafkaApplicationTests {

	private static TestBroker broker;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class,
				EgoAutoConfiguration.class, EgoKafkaAutoConfiguration.class))
		.withBean(AccountEntity.class)
		.withBean(InMemoryDeadLetterStore.class)
		.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"ego.publishers.kafka.enabled=true", "ego.publishers.kafka.events.topic=bank-events",
				"ego.publishers.kafka.create-topic=true", "ego.publishers.kafka.partitions=3",
				"ego.publishers.kafka.replicas=1", "ego.publishers.kafka.parallelism=2");

	@BeforeAll
	static void startBroker() {
		// topics are not auto-created: the auto-configuration must create it
		broker = TestBroker.shared();
	}

	@Test
	void commandsEventsArePublishedToTheCreatedTopicAndReadBackTyped() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			EgoEngine engine = context.getBean(EgoEngine.class);
			assertThat(engine.projections().names()).containsExactly("kafka");
			for (String id : List.of("a-1", "a-2", "a-3")) {
				engine.askAndWait("account", id, AccountBehavior.open(id, 10));
				engine.askAndWait("account", id, AccountBehavior.credit(id, 5));
			}
			String servers = broker.bootstrapServers();
			// created in the background, off the start-up path
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
				await().atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(admin.describeTopics(List.of("bank-events"))
						.allTopicNames()
						.get(10, TimeUnit.SECONDS)
						.get("bank-events")
						.partitions()).hasSize(3));
			}
			PublishedEvents events = PublishedEvents.of(AccountOpened.getDefaultInstance(),
					AccountCredited.getDefaultInstance());
			try (KafkaConsumer<String, ReceivedEvent> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringDeserializer(),
					events.deserializer())) {
				List<TopicPartition> partitions = List.of(new TopicPartition("bank-events", 0),
						new TopicPartition("bank-events", 1), new TopicPartition("bank-events", 2));
				consumer.assign(partitions);
				consumer.seekToBeginning(partitions);
				List<ReceivedEvent> received = new ArrayList<>();
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					for (ConsumerRecord<String, ReceivedEvent> record : consumer.poll(Duration.ofMillis(100))) {
						received.add(record.value());
					}
					return received.size() >= 6;
				});
				assertThat(received).hasSize(6)
					.filteredOn((event) -> event.persistenceId().equals("account|a-2"))
					.extracting(ReceivedEvent::event)
					.containsExactly(AccountOpened.newBuilder().setId("a-2").setInitialBalance(10).build(),
							AccountCredited.newBuilder().setId("a-2").setAmount(5).build());
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(engine.projections().status("kafka").lagEvents()).isZero());
		});
	}

}
