package io.ego.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.ego.connector.kafka.KafkaEventPublisher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * W3-kafka's broker: spring-kafka-test's embedded KRaft broker (one broker, one
 * controller) in the benchmark's JVM, as the Kafka connector's tests run it; topics are
 * not auto-created. Each round's topic has {@code -Dego.bench.kafka-partitions}
 * partitions (1 by default, the broker's default) and is ready (every partition's leader
 * answers) before publishing, as the connector's README asks.
 */
final class KafkaBenchBroker implements ConnectorBroker {

	private static final int PARTITIONS = Integer.getInteger("ego.bench.kafka-partitions", 1);

	private final EmbeddedKafkaKraftBroker broker;

	private KafkaBenchBroker(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	static KafkaBenchBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("auto.create.topics.enable", "false"));
		broker.afterPropertiesSet();
		return new KafkaBenchBroker(broker);
	}

	@Override
	public Publisher publisher(String name) throws Exception {
		String bootstrap = this.broker.getBrokersAsString();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int partition = 0; partition < PARTITIONS; partition++) {
				latest.put(new TopicPartition(name, partition), OffsetSpec.latest());
			}
			awaitLeaders(admin, latest);
		}
		KafkaEventPublisher publisher = KafkaEventPublisher
			.builder(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))
			.topic(name)
			.build();
		return new Publisher(publisher, publisher);
	}

	/** Waits until every partition's leader answers (KAFKA-14359, see the connector). */
	private static void awaitLeaders(Admin admin, Map<TopicPartition, OffsetSpec> partitions) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try {
				admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
				return;
			}
			catch (ExecutionException notYet) {
				if (System.nanoTime() > deadline) {
					throw notYet;
				}
				Thread.sleep(50);
			}
		}
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

}
