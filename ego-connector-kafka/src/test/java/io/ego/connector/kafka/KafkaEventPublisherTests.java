package io.ego.connector.kafka;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.google.protobuf.Message;
import io.ego.connector.support.fixtures.Accounts;
import io.ego.connector.v1.PublishedEvent;
import io.ego.core.EgoEngine;
import io.ego.core.adapter.EventAdapter;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.Counter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link KafkaEventPublisher} against a real broker: the record's key, envelope
 * and headers, the entity type filter, and poison records (too large for the broker or
 * the producer) isolated and dead-lettered.
 */
class KafkaEventPublisherTests {

	private static TestBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = TestBroker.shared();
	}

	@Test
	void aRecordCarriesTheEnvelopeKeyedByPersistenceIdWithTypeSequenceAndTraceHeaders() throws Exception {
		broker.createTopic("envelope", 2);
		AccountCredited credited = AccountCredited.newBuilder().setId("a-1").setAmount(42).build();
		Instant written = Instant.parse("2026-11-27T10:15:30.123456789Z");
		Map<String, String> metadata = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
				"tracestate", "ego=1", "correlation-id", "c-7");
		try (KafkaEventPublisher publisher = KafkaEventPublisher.builder(broker.producerProperties())
			.topic("envelope")
			.build(); TopicReader reader = new TopicReader(broker.bootstrapServers(), "envelope")) {
			publisher.publish(List.of(new EventEnvelope("account|a-1", "account", "a-1", 3, 77,
					PersistedEvent.sliceOf("account|a-1"), credited, written, metadata)));
			await().atMost(Duration.ofSeconds(10)).until(() -> reader.count() == 1);
			TopicReader.Received record = reader.received().get(0);
			assertThat(record.key()).isEqualTo("account|a-1");
			assertThat(record.headers()).containsExactlyInAnyOrderEntriesOf(
					Map.of(EgoKafkaHeaders.EVENT_TYPE, "ego.test.bank.AccountCredited", EgoKafkaHeaders.ENTITY_TYPE,
							"account", EgoKafkaHeaders.PERSISTENCE_ID, "account|a-1", EgoKafkaHeaders.SEQUENCE_NR, "3",
							EgoKafkaHeaders.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
							EgoKafkaHeaders.TRACESTATE, "ego=1"));
			PublishedEvent envelope = record.envelope();
			assertThat(envelope.getPersistenceId()).isEqualTo("account|a-1");
			assertThat(envelope.getEntityType()).isEqualTo("account");
			assertThat(envelope.getEntityId()).isEqualTo("a-1");
			assertThat(envelope.getSequenceNr()).isEqualTo(3);
			assertThat(envelope.getPosition()).isEqualTo(77);
			assertThat(envelope.getEventType()).isEqualTo("ego.test.bank.AccountCredited");
			assertThat(envelope.getWriteTime().getSeconds()).isEqualTo(written.getEpochSecond());
			assertThat(envelope.getWriteTime().getNanos()).isEqualTo(written.getNano());
			assertThat(envelope.getMetadataMap()).isEqualTo(metadata);
			ReceivedEvent received = PublishedEvents.of(AccountCredited.getDefaultInstance())
				.read(envelope.toByteArray());
			assertThat(received.event(AccountCredited.class)).isEqualTo(credited);
		}
	}

	@Test
	void eventsOfOtherEntityTypesAreAcknowledgedWithoutBeingSent() throws Exception {
		broker.createTopic("filtered", 1);
		try (KafkaEventPublisher publisher = KafkaEventPublisher.builder(broker.producerProperties())
			.topic("filtered")
			.entityTypes(List.of("account"))
			.build(); TopicReader reader = new TopicReader(broker.bootstrapServers(), "filtered")) {
			publisher.publish(List.of(envelope("counter|c-1", 1, Counter.newBuilder().setValue(1).build()),
					envelope("account|a-1", 1, AccountOpened.newBuilder().setId("a-1").build()),
					envelope("counter|c-1", 2, Counter.newBuilder().setValue(2).build())));
			publisher.publish(List.of(envelope("counter|c-1", 3, Counter.newBuilder().setValue(3).build())));
			await().atMost(Duration.ofSeconds(10)).until(() -> reader.count() >= 1);
			publisher.publish(List.of(envelope("account|a-1", 2, AccountCredited.newBuilder().setId("a-1").build())));
			await().atMost(Duration.ofSeconds(10)).until(() -> reader.count() >= 2);
			assertThat(reader.received()).extracting(TopicReader.Received::key)
				.containsExactly("account|a-1", "account|a-1");
		}
	}

	@Test
	void eventsAnAdapterSplitIntoSeveralArePublishedAsNumberedPartsOfOneSequenceNumber() throws Exception {
		broker.createTopic("split", 1);
		InMemoryEventStore events = new InMemoryEventStore();
		try (EgoEngine before = EgoEngine.builder()
			.eventStore(events)
			.inMemoryStores()
			.eventSourced(Accounts.TYPE, new AccountBehavior())
			.build()) {
			before.askAndWait(Accounts.TYPE, "a-1", AccountBehavior.open("a-1", 0));
			before.askAndWait(Accounts.TYPE, "a-1", AccountBehavior.credit("a-1", 10));
			before.askAndWait(Accounts.TYPE, "a-1", AccountBehavior.credit("a-1", 4));
		}
		// revision 2 of AccountCredited: a revision-1 credit now stands for two half
		// credits
		SchemaEvolution schema = SchemaEvolution.builder()
			.revision(AccountCredited.getDefaultInstance(), 2)
			.adapter(EventAdapter.of("ego.test.bank.AccountCredited", 1, (stored) -> {
				AccountCredited credited = stored.parseAs(AccountCredited.getDefaultInstance());
				long half = credited.getAmount() / 2;
				return List.of(credited.toBuilder().setAmount(half).build(),
						credited.toBuilder().setAmount(credited.getAmount() - half).build());
			}))
			.build();
		try (KafkaEventPublisher publisher = KafkaEventPublisher.builder(broker.producerProperties())
			.topic("split")
			.build();
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.inMemoryStores()
					.schemaEvolution(schema)
					.eventSourced(Accounts.TYPE, new AccountBehavior())
					.eventPublisher("kafka", publisher, ProjectionSettings.defaults())
					.build();
				TopicReader reader = new TopicReader(broker.bootstrapServers(), "split")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> reader.count() >= 5);
			PublishedEvents read = PublishedEvents.of(AccountOpened.getDefaultInstance(),
					AccountCredited.getDefaultInstance());
			assertThat(reader.received()).extracting((record) -> {
				PublishedEvent envelope = record.envelope();
				Message event = read.event(envelope);
				return envelope.getSequenceNr() + "." + envelope.getPart() + " " + event.getClass().getSimpleName()
						+ ((event instanceof AccountCredited credited) ? " " + credited.getAmount() : "");
			})
				.containsExactly("1.0 AccountOpened", "2.0 AccountCredited 5", "2.1 AccountCredited 5",
						"3.0 AccountCredited 2", "3.1 AccountCredited 2");
		}
	}

	@Test
	void anEventTooLargeForTheBrokerIsDeadLetteredWithTheBrokersErrorWhileLaterEventsFlow() throws Exception {
		broker.createTopic("poison", 2, Map.of("max.message.bytes", "10000"));
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("p-", 10);
		String big = "p-big";
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withPullInterval(Duration.ofMillis(20))
			.withRecovery(ProjectionSettings.defaults().recovery(), 2, Duration.ofMillis(50));
		try (KafkaEventPublisher publisher = KafkaEventPublisher.builder(broker.producerProperties())
			.topic("poison")
			.build();
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.inMemoryStores()
					.eventSourced(Accounts.TYPE, new AccountBehavior())
					.eventPublisher("kafka", publisher, settings)
					.build();
				TopicReader reader = new TopicReader(broker.bootstrapServers(), "poison")) {
			Accounts.open(engine, ids);
			Accounts.open(engine, List.of(big));
			engine.askAndWait(Accounts.TYPE, big, AccountBehavior.credit(big, 1));
			// an AccountCredited of ~20 kB: the topic accepts at most 10,000 bytes per
			// record batch
			engine.askAndWait(Accounts.TYPE, big, AccountBehavior.credit(randomText(20_000), 5));
			engine.askAndWait(Accounts.TYPE, big, AccountBehavior.credit(big, 2));
			Accounts.credit(engine, ids, 5, 2, false);

			Map<String, Long> highest = Accounts.highest(events, ids);
			reader.awaitEvery(highest, Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !engine.projections().deadLetters("kafka", 10).isEmpty()
						&& reader.check(Map.of(Accounts.persistenceId(big), 4L)).missing().size() == 1);
			TopicReader.Check bigOne = reader.check(Map.of(Accounts.persistenceId(big), 4L));
			assertThat(bigOne.missing()).containsExactly("account|p-big#3");
			assertThat(bigOne.sequences().get("account|p-big")).containsExactly(1L, 2L, 4L);
			DeadLetter letter = engine.projections().deadLetters("kafka", 10).get(0);
			Map<String, Long> all = new LinkedHashMap<>(highest);
			all.put(Accounts.persistenceId(big), 4L);
			System.out.printf("[poison] dead letter: %s#%d after %d attempt(s): %s; %s%n", letter.persistenceId(),
					letter.sequenceNr(), letter.attempts(), letter.cause(), reader.check(all).summary());
			assertThat(engine.projections().deadLetters("kafka", 10)).hasSize(1);
			assertThat(letter.persistenceId()).isEqualTo("account|p-big");
			assertThat(letter.sequenceNr()).isEqualTo(3);
			assertThat(letter.attempts()).isEqualTo(3);
			assertThat(letter.cause()).startsWith(RecordTooLargeException.class.getName());
			assertThat(reader.check(highest).missing()).isEmpty();
			assertThat(reader.check(highest).duplicates()).isZero();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(engine.projections().status("kafka").lagEvents()).isZero());
		}
	}

	@Test
	void aRecordTooLargeForTheProducerFailsThePublishAsPoison() {
		broker.createTopic("small-requests", 1);
		Map<String, Object> producer = broker.producerProperties();
		producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000);
		try (KafkaEventPublisher publisher = KafkaEventPublisher.builder(producer).topic("small-requests").build()) {
			EventEnvelope tooLarge = envelope("account|a-1", 1,
					AccountOpened.newBuilder().setId(randomText(5_000)).build());
			assertThatExceptionOfType(RecordTooLargeException.class)
				.isThrownBy(() -> publisher.publish(List.of(tooLarge)))
				.satisfies((ex) -> assertThat(publisher.isPoison(ex)).isTrue());
		}
	}

	@Test
	void recordSpecificFailuresArePoisonAndOutagesOrTopicWideErrorsAreNot() {
		KafkaEventPublisher publisher = KafkaEventPublisher.builder(Map.of("bootstrap.servers", "localhost:1")).build();
		try (publisher) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>("t", "k", new byte[0]);
			assertThat(publisher.isPoison(new RecordTooLargeException("too large"))).isTrue();
			assertThat(publisher.isPoison(new ExecutionException(
					new KafkaProducerException(record, "Failed to send", new RecordTooLargeException("too large")))))
				.isTrue();
			assertThat(publisher.isPoison(new CompletionException(new SerializationException("bad")))).isTrue();
			assertThat(publisher.isPoison(new TimeoutException("not acknowledged"))).isFalse();
			assertThat(publisher.isPoison(new ExecutionException(new NotLeaderOrFollowerException("moved")))).isFalse();
			assertThat(publisher.isPoison(new TopicAuthorizationException("denied"))).isFalse();
			assertThat(publisher.isPoison(new IOException("unreachable"))).isFalse();
		}
	}

	@Test
	void producerConfigsForceAnIdempotentNonTransactionalProducer() {
		Map<String, Object> configs = KafkaEventPublisher.producerConfigs(
				Map.of("bootstrap.servers", "b:9092", "acks", "1", "enable.idempotence", "false", "transactional.id",
						"tx-", "max.in.flight.requests.per.connection", "10", "retries", "0", "linger.ms", "20"));
		assertThat(configs).containsEntry("bootstrap.servers", "b:9092")
			.containsEntry("acks", "all")
			.containsEntry("enable.idempotence", true)
			.containsEntry("max.in.flight.requests.per.connection", 5)
			.containsEntry("linger.ms", "20")
			.containsEntry("key.serializer", StringSerializer.class)
			.containsEntry("value.serializer", ByteArraySerializer.class)
			.doesNotContainKeys("transactional.id", "retries");
	}

	@Test
	void aTransactionalTemplateIsRefused() {
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
				Map.of("bootstrap.servers", "localhost:1"), new StringSerializer(), new ByteArraySerializer());
		factory.setTransactionIdPrefix("tx-");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaEventPublisher.builder(new KafkaTemplate<>(factory)))
			.withMessageContaining("non-transactional");
	}

	private static EventEnvelope envelope(String persistenceId, long sequenceNr, Message event) {
		String type = persistenceId.substring(0, persistenceId.indexOf('|'));
		String id = persistenceId.substring(type.length() + 1);
		return new EventEnvelope(persistenceId, type, id, sequenceNr, sequenceNr, PersistedEvent.sliceOf(persistenceId),
				event, Instant.now(), Map.of());
	}

	private static String randomText(int length) {
		Random random = new Random(7);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) ('a' + random.nextInt(26)));
		}
		return text.toString();
	}

}
