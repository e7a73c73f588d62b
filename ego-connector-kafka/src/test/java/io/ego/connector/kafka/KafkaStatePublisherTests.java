package io.ego.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ego.connector.kafka.v1.PublishedState;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.test.bank.Counter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link KafkaStatePublisher} against a real broker: durable states updated concurrently are published from the
 * change feed; for every key the consumer sees revisions in increasing order, the final revision last.
 */
class KafkaStatePublisherTests {

	private static final String TOPIC = "states";

	private static TestBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = TestBroker.shared();
		broker.createTopic(TOPIC, 4);
	}

	@Test
	void theFinalRevisionOfEveryConcurrentlyUpdatedEntityIsReadLastAfterIncreasingRevisions() throws Exception {
		int entities = 200;
		int increments = 25;
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(4)
			.withPullInterval(Duration.ofMillis(20));
		Map<String, List<PublishedState>> byKey = new ConcurrentHashMap<>();
		try (KafkaStatePublisher publisher = KafkaStatePublisher.builder(broker.producerProperties())
			.topic(TOPIC)
			.build();
				EgoEngine engine = EgoEngine.builder()
					.inMemoryStores()
					.durableState("counter", new CounterBehavior())
					.statePublisher("kafka-states", publisher, settings)
					.build();
				KafkaConsumer<String, byte[]> consumer = consumer();
				ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> running = new ArrayList<>();
			for (int e = 0; e < entities; e++) {
				String id = "c" + e;
				running.add(writers.submit(() -> {
					for (int i = 0; i < increments; i++) {
						engine.entity(CounterBehavior.class, id).askAndWait(CounterBehavior.by(1));
					}
				}));
			}
			for (Future<?> writer : running) {
				writer.get();
			}
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					PublishedState state = PublishedState.parseFrom(record.value());
					assertThat(record.key()).isEqualTo(state.getPersistenceId());
					assertThat(new String(record.headers().lastHeader(EgoKafkaHeaders.REVISION).value(),
							StandardCharsets.UTF_8)).isEqualTo(Long.toString(state.getRevision()));
					byKey.computeIfAbsent(record.key(), (k) -> new ArrayList<>()).add(state);
				}
				return byKey.size() == entities && byKey.values()
					.stream()
					.allMatch((states) -> states.get(states.size() - 1).getRevision() == increments);
			});
			assertThat(engine.projections().deadLetters("kafka-states", 10)).isEmpty();
		}
		int records = 0;
		for (Map.Entry<String, List<PublishedState>> entity : byKey.entrySet()) {
			List<Long> revisions = entity.getValue().stream().map(PublishedState::getRevision).toList();
			records += revisions.size();
			assertThat(revisions).as("revisions of %s", entity.getKey()).isSorted().doesNotHaveDuplicates();
			PublishedState last = entity.getValue().get(entity.getValue().size() - 1);
			assertThat(last.getRevision()).isEqualTo(increments);
			assertThat(last.getEntityType()).isEqualTo("counter");
			assertThat(last.getPersistenceId()).isEqualTo("counter|" + last.getEntityId());
			assertThat(last.getStateType()).isEqualTo(Counter.getDescriptor().getFullName());
			assertThat(Counter.parseFrom(last.getPayload()).getValue()).isEqualTo(increments);
			assertThat(last.getPosition()).isPositive();
			assertThat(last.getWriteTime().getSeconds()).isPositive();
		}
		System.out.printf("[states] %d entities x %d revisions: %d records read (intermediate revisions compacted)%n",
				entities, increments, records);
	}

	private static KafkaConsumer<String, byte[]> consumer() {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(TOPIC, info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		return consumer;
	}

}
