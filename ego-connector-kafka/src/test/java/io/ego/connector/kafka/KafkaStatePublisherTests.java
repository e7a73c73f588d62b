package io.ego.connector.kafka;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.protobuf.Message;
import io.ego.connector.v1.PublishedState;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.store.PersistedEvent;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link KafkaStatePublisher} against a real broker: durable states updated concurrently
 * are published from the change feed; for every key the consumer sees revisions in
 * increasing order, the final revision last. A send whose returned future fails is not
 * acknowledged, a retry does not send again what a failed attempt already sent, and a
 * template that is not idempotent is warned about.
 */
@ExtendWith(OutputCaptureExtension.class)
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
				KafkaConsumer<String, byte[]> consumer = consumer(TOPIC);
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
							StandardCharsets.UTF_8))
						.isEqualTo(Long.toString(state.getRevision()));
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

	@Test
	void aStateWhoseSendFailsThroughTheReturnedFutureOnlyIsNotAcknowledged() throws Exception {
		broker.createTopic("states-future", 1);
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
				KafkaEventPublisher.producerConfigs(broker.producerProperties()), new StringSerializer(),
				new ByteArraySerializer());
		// a producer that reports the failure of "counter|bad" through the returned
		// future, not the callback
		factory.addPostProcessor((producer) -> failingThroughTheFuture(producer, "counter|bad"));
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
		template.setProducerListener(null);
		try (KafkaStatePublisher publisher = KafkaStatePublisher.builder(template)
			.topic("states-future")
			.sendTimeout(Duration.ofSeconds(20))
			.build()) {
			long started = System.nanoTime();
			assertThatExceptionOfType(RecordTooLargeException.class)
				.isThrownBy(() -> publisher.publish(List.of(state("c-1", 1), state("bad", 1), state("c-2", 1))))
				.withMessage("refused through the future")
				.satisfies((ex) -> assertThat(publisher.isPoison(ex)).isTrue());
			// at once, not after the send timeout
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			publisher.publish(List.of(state("c-1", 1)));
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void aRetryAfterAPartialFailureDoesNotSendAgainWhatTheFailedAttemptSent() throws Exception {
		broker.createTopic("states-retry", 1);
		Map<String, Object> producer = broker.producerProperties();
		producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000);
		List<DurableStateEnvelope> batch = List.of(state("c-1", 1), state("c-2", 1), tooLarge("big", 1),
				state("c-3", 1));
		try (KafkaStatePublisher publisher = KafkaStatePublisher.builder(producer).topic("states-retry").build();
				KafkaConsumer<String, byte[]> consumer = consumer("states-retry")) {
			// the engine's retries: the whole batch again, then the records before the
			// poison one on their own
			for (int attempt = 0; attempt < 3; attempt++) {
				assertThatExceptionOfType(RecordTooLargeException.class).isThrownBy(() -> publisher.publish(batch));
			}
			publisher.publish(batch.subList(0, 2));
			publisher.publish(batch.subList(3, 4));
			publisher.publish(List.of(state("last", 1)));
			List<String> keys = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(100)).forEach((record) -> keys.add(record.key()));
				return keys.contains("counter|last");
			});
			assertThat(keys).containsExactly("counter|c-1", "counter|c-2", "counter|c-3", "counter|last");
		}
	}

	@Test
	void aTemplateThatIsNotIdempotentWithAcksAllIsWarnedAbout(CapturedOutput output) {
		DefaultKafkaProducerFactory<String, byte[]> weak = new DefaultKafkaProducerFactory<>(
				Map.of("bootstrap.servers", broker.bootstrapServers(), "enable.idempotence", "false", "acks", "1"),
				new StringSerializer(), new ByteArraySerializer());
		DefaultKafkaProducerFactory<String, byte[]> safe = new DefaultKafkaProducerFactory<>(
				KafkaEventPublisher.producerConfigs(broker.producerProperties()), new StringSerializer(),
				new ByteArraySerializer());
		try (KafkaStatePublisher checked = KafkaStatePublisher.builder(new KafkaTemplate<>(safe)).build()) {
			assertThat(output).doesNotContain("KafkaStatePublisher's producer");
		}
		try (KafkaStatePublisher unsafe = KafkaStatePublisher.builder(new KafkaTemplate<>(weak)).build()) {
			assertThat(output).contains("KafkaStatePublisher's producer has enable.idempotence=false and acks=1");
		}
		finally {
			weak.destroy();
			safe.destroy();
		}
	}

	private static DurableStateEnvelope state(String id, long revision) {
		return state(id, revision, Counter.newBuilder().setValue(revision).build());
	}

	private static DurableStateEnvelope tooLarge(String id, long revision) {
		return state(id, revision, Account.newBuilder().setId("x".repeat(5_000)).build());
	}

	private static DurableStateEnvelope state(String id, long revision, Message state) {
		String persistenceId = "counter|" + id;
		return new DurableStateEnvelope(persistenceId, "counter", id, revision, revision,
				PersistedEvent.sliceOf(persistenceId), state, Instant.now());
	}

	@SuppressWarnings("unchecked")
	private static Producer<String, byte[]> failingThroughTheFuture(Producer<String, byte[]> producer, String key) {
		return (Producer<String, byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
				new Class<?>[] { Producer.class }, (proxy, method, args) -> {
					if (method.getName().equals("send") && args != null && args.length == 2
							&& key.equals(((ProducerRecord<?, ?>) args[0]).key())) {
						return CompletableFuture
							.failedFuture(new RecordTooLargeException("refused through the future"));
					}
					try {
						return method.invoke(producer, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static KafkaConsumer<String, byte[]> consumer(String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		return consumer;
	}

}
