package io.ego.connector.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.awaitility.Awaitility.await;

/**
 * A real Kafka broker in the test JVM (spring-kafka-test's embedded KRaft broker), with
 * topic creation. Test classes share one broker ({@link #shared()}, topics are not
 * auto-created: each class creates its own), unless they need a broker configured
 * differently.
 */
public final class TestBroker implements AutoCloseable {

	private static @Nullable TestBroker shared;

	private final EmbeddedKafkaKraftBroker broker;

	private TestBroker(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	/**
	 * @return the broker shared by the test classes, started on first use and stopped
	 * when the JVM exits
	 */
	public static synchronized TestBroker shared() {
		if (shared == null) {
			TestBroker broker = start(Map.of("auto.create.topics.enable", "false"));
			Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-test-broker-shutdown"));
			shared = broker;
		}
		return shared;
	}

	static TestBroker start(Map<String, String> properties) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(properties);
		broker.afterPropertiesSet();
		return new TestBroker(broker);
	}

	public String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	public void createTopic(String name, int partitions) {
		createTopic(name, partitions, Map.of());
	}

	public void createTopic(String name, int partitions, Map<String, String> configs) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
				.all()
				.get(30, TimeUnit.SECONDS);
			// the partitions' leaders must be ready before producing: see TopicReadiness
			// (KAFKA-14359)
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int partition = 0; partition < partitions; partition++) {
				latest.put(new TopicPartition(name, partition), OffsetSpec.latest());
			}
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.ignoreExceptionsInstanceOf(ExecutionException.class)
				.until(() -> admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS) != null);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not create topic " + name, ex);
		}
	}

	/**
	 * @return producer properties for this broker, before
	 * {@link KafkaEventPublisher#producerConfigs}
	 */
	Map<String, Object> producerProperties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		return properties;
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

}
