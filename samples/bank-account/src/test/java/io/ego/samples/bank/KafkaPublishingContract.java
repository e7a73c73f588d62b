package io.ego.samples.bank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.EgoEngine;
import io.ego.samples.bank.api.AccountLimits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the {@code kafka} profile must do on any broker the application reaches through
 * its {@link KafkaConnectionDetails}: the accounts' events reach the event topic and the
 * account limits (a durable-state entity) reach the state topic, the latest revision
 * last. {@link AccountKafkaTests} runs it on the embedded KRaft broker,
 * {@link AccountKafkaContainerTests} on a Kafka container where Docker runs.
 */
abstract class KafkaPublishingContract {

	@LocalServerPort
	private int port;

	@Autowired
	private KafkaConnectionDetails connection;

	@Autowired
	private EgoEngine engine;

	@Test
	void eventsAndLimitsArePublished() throws Exception {
		RestClient client = RestClient.builder().baseUrl("http://127.0.0.1:" + this.port).build();
		client.post()
			.uri("/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("id", "k-1", "initialBalance", 100))
			.retrieve()
			.toBodilessEntity();
		client.post()
			.uri("/accounts/k-1/credit")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("amount", 5))
			.retrieve()
			.toBodilessEntity();
		for (long maxDebit : new long[] { 50, 70 }) {
			client.put()
				.uri("/accounts/k-1/limits")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("maxDebit", maxDebit))
				.retrieve()
				.toBodilessEntity();
		}
		assertThat(this.engine.projections().names()).contains("kafka", "kafka-states");

		List<PublishedEvent> events = new ArrayList<>();
		List<PublishedState> states = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = consumer("bank-events", "bank-states")) {
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					if (record.topic().equals("bank-events")) {
						events.add(PublishedEvent.parseFrom(record.value()));
					}
					else {
						states.add(PublishedState.parseFrom(record.value()));
					}
				}
				return events.size() >= 2 && !states.isEmpty() && states.get(states.size() - 1).getRevision() == 2;
			});
		}
		assertThat(events).extracting(PublishedEvent::getPersistenceId).containsOnly("account|k-1");
		assertThat(events).extracting(PublishedEvent::getSequenceNr).containsExactly(1L, 2L);
		assertThat(states).extracting(PublishedState::getPersistenceId).containsOnly("account-limits|k-1");
		assertThat(states).extracting(PublishedState::getRevision).isSorted();
		assertThat(AccountLimits.parseFrom(states.get(states.size() - 1).getPayload()).getMaxDebit()).isEqualTo(70);
	}

	private KafkaConsumer<String, byte[]> consumer(String... topics) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", this.connection.getBootstrapServers()));
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : topics) {
			consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
		}
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		return consumer;
	}

}
