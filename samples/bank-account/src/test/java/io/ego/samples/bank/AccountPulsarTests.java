package io.ego.samples.bank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.EgoEngine;
import io.ego.samples.bank.api.AccountLimits;
import io.ego.test.pulsar.PulsarBroker;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code pulsar} profile against a standalone Pulsar broker in its own JVM
 * ({@code ego-test-pulsar}), on topics of this run's own: an account's events reach the
 * event topic in sequence order and its limits reach the state topic, the latest revision
 * last.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:pulsar-${random.uuid};DB_CLOSE_DELAY=-1")
@ActiveProfiles("pulsar")
class AccountPulsarTests {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String EVENTS = "persistent://public/default/bank-events-" + RUN;

	private static final String STATES = "persistent://public/default/bank-states-" + RUN;

	private static @Nullable PulsarBroker broker;

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	@DynamicPropertySource
	static void ownBrokerAndTopics(DynamicPropertyRegistry registry) {
		registry.add("ego.publishers.pulsar.service-url", () -> broker().serviceUrl());
		registry.add("ego.publishers.pulsar.events.topic", () -> EVENTS);
		registry.add("ego.publishers.pulsar.states.topic", () -> STATES);
	}

	private static synchronized PulsarBroker broker() {
		if (broker == null) {
			broker = PulsarBroker.start();
		}
		return broker;
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void eventsAndLimitsArePublished() throws Exception {
		BankApi api = new BankApi(this.port);
		assertThat(api.open("p-1", 100)).isEqualTo(HttpStatus.OK);
		assertThat(api.credit("p-1", 5)).isEqualTo(HttpStatus.OK);
		for (long maxDebit : new long[] { 50, 70 }) {
			assertThat(api.put("/accounts/p-1/limits", Map.of("maxDebit", maxDebit)).getStatusCode().is2xxSuccessful())
				.isTrue();
		}
		assertThat(this.engine.projections().names()).contains("pulsar", "pulsar-states");

		List<PublishedEvent> events = new ArrayList<>();
		List<PublishedState> states = new ArrayList<>();
		try (PulsarClient client = PulsarClient.builder().serviceUrl(broker().serviceUrl()).build();
				Reader<byte[]> eventReader = client.newReader()
					.topic(EVENTS)
					.startMessageId(MessageId.earliest)
					.create();
				Reader<byte[]> stateReader = client.newReader()
					.topic(STATES)
					.startMessageId(MessageId.earliest)
					.create()) {
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				drain(eventReader, (data) -> events.add(PublishedEvent.parseFrom(data)));
				drain(stateReader, (data) -> states.add(PublishedState.parseFrom(data)));
				return events.size() >= 2 && !states.isEmpty() && states.get(states.size() - 1).getRevision() == 2;
			});
		}
		assertThat(events).extracting(PublishedEvent::getPersistenceId).containsOnly("account|p-1");
		assertThat(events).extracting(PublishedEvent::getSequenceNr).containsExactly(1L, 2L);
		assertThat(states).extracting(PublishedState::getPersistenceId).containsOnly("account-limits|p-1");
		assertThat(states).extracting(PublishedState::getRevision).isSorted();
		assertThat(AccountLimits.parseFrom(states.get(states.size() - 1).getPayload()).getMaxDebit()).isEqualTo(70);
	}

	private static void drain(Reader<byte[]> reader, Parser parser) throws Exception {
		for (Message<byte[]> message = reader.readNext(100, TimeUnit.MILLISECONDS); message != null; message = reader
			.readNext(100, TimeUnit.MILLISECONDS)) {
			parser.parse(message.getValue());
		}
	}

	/** Parses one message's value. */
	private interface Parser {

		void parse(byte[] data) throws Exception;

	}

}
