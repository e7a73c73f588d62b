package io.ego.samples.bank;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.v1.PublishedState;
import io.ego.core.EgoEngine;
import io.ego.samples.bank.api.AccountLimits;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code nats} profile against the local NATS server with JetStream (127.0.0.1:4222,
 * {@code BANK_NATS_URL} elsewhere; skipped, saying why, where none answers), on streams
 * and subjects of this run's own: an account's events reach the event stream in sequence
 * order and its limits reach the state stream, the latest revision last.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:nats-${random.uuid};DB_CLOSE_DELAY=-1")
@ActiveProfiles("nats")
class AccountNatsTests {

	private static final String URL = System.getenv().getOrDefault("BANK_NATS_URL", "nats://127.0.0.1:4222");

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String EVENTS = "BANK_EVENTS_" + RUN;

	private static final String STATES = "BANK_STATES_" + RUN;

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	@DynamicPropertySource
	static void ownStreams(DynamicPropertyRegistry registry) {
		assumeTrue(reachable(), "no NATS server answers at " + URL + ": the nats profile's test is skipped");
		registry.add("ego.publishers.nats.url", () -> URL);
		registry.add("ego.publishers.nats.events.stream", () -> EVENTS);
		registry.add("ego.publishers.nats.events.subject", () -> "bank-" + RUN + ".events.{entityType}");
		registry.add("ego.publishers.nats.states.stream", () -> STATES);
		registry.add("ego.publishers.nats.states.subject", () -> "bank-" + RUN + ".states.{entityType}");
	}

	private static boolean reachable() {
		URI uri = URI.create(URL);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1_000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@AfterAll
	static void deleteStreams() throws Exception {
		if (!reachable()) {
			return;
		}
		try (Connection connection = Nats.connect(URL)) {
			JetStreamManagement streams = connection.jetStreamManagement();
			for (String stream : List.of(EVENTS, STATES)) {
				try {
					streams.deleteStream(stream);
				}
				catch (JetStreamApiException ex) {
					// never created
				}
			}
		}
	}

	@Test
	void eventsAndLimitsArePublished() throws Exception {
		BankApi api = new BankApi(this.port);
		assertThat(api.open("n-1", 100)).isEqualTo(HttpStatus.OK);
		assertThat(api.credit("n-1", 5)).isEqualTo(HttpStatus.OK);
		for (long maxDebit : new long[] { 50, 70 }) {
			assertThat(api.put("/accounts/n-1/limits", Map.of("maxDebit", maxDebit)).getStatusCode().is2xxSuccessful())
				.isTrue();
		}
		assertThat(this.engine.projections().names()).contains("nats", "nats-states");

		try (Connection connection = Nats.connect(URL)) {
			JetStreamManagement streams = connection.jetStreamManagement();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> count(streams, EVENTS) >= 2 && count(streams, STATES) >= 1
						&& PublishedState.parseFrom(last(streams, STATES).getData()).getRevision() == 2);
			List<PublishedEvent> events = new ArrayList<>();
			for (long seq = 1; seq <= count(streams, EVENTS); seq++) {
				events.add(PublishedEvent.parseFrom(streams.getMessage(EVENTS, seq).getData()));
			}
			assertThat(events).extracting(PublishedEvent::getPersistenceId).containsOnly("account|n-1");
			assertThat(events).extracting(PublishedEvent::getSequenceNr).containsExactly(1L, 2L);
			PublishedState latest = PublishedState.parseFrom(last(streams, STATES).getData());
			assertThat(latest.getPersistenceId()).isEqualTo("account-limits|n-1");
			assertThat(AccountLimits.parseFrom(latest.getPayload()).getMaxDebit()).isEqualTo(70);
		}
	}

	private static long count(JetStreamManagement streams, String stream) throws Exception {
		try {
			return streams.getStreamInfo(stream).getStreamState().getMsgCount();
		}
		catch (JetStreamApiException ex) {
			return 0;
		}
	}

	private static MessageInfo last(JetStreamManagement streams, String stream) throws Exception {
		return streams.getMessage(stream, streams.getStreamInfo(stream).getStreamState().getLastSequence());
	}

}
