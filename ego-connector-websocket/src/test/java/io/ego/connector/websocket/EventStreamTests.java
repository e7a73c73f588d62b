package io.ego.connector.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.ego.connector.support.EnvelopeReader;
import io.ego.connector.support.fixtures.Accounts;
import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.websocket.client.EgoEventStreamClient;
import io.ego.connector.websocket.v1.Subscribe;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.JournalReader;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The event stream on a real server (Tomcat on a random port, the engine on in-memory
 * stores) with real clients ({@link EgoEventStreamClient} on the JDK's WebSocket): every
 * event exactly once, in position order, across a disconnect and a resume; the filters;
 * the protocol's refusals.
 */
@SpringBootTest(classes = EventStreamApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ego.publishers.websocket.enabled=true", "ego.publishers.websocket.page-size=300" })
class EventStreamTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	@Autowired
	private EventStreamHandler handler;

	@Test
	void twoClientsOneResumingAfterADisconnectSeeEveryEventExactlyOnceInPositionOrder() throws Exception {
		List<String> ids = Accounts.ids("stream-", 200);
		long before = this.engine.journalReader().headPosition();
		Received steady = new Received();
		Received resuming = new Received();
		EgoEventStreamClient first = client().afterPosition(before).listener(steady).connect();
		EgoEventStreamClient second = client().afterPosition(before).listener(resuming).connect();
		// 200 opened, then 99 rounds of credits from 4 callers while the clients read:
		// 20,000 events
		CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(() -> {
			Accounts.open(this.engine, ids);
			try {
				return Accounts.credit(this.engine, ids, 99, 4, false);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(60)).until(() -> resuming.size() >= 5_000);
		// a disconnect mid-stream, then a resume from the last position it handed over
		long lastSeen = second.lastPosition();
		EgoEventStreamClient resumed = second.reconnect();
		assertThat(second.closed().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(1006);
		assertThat(writing.get(120, TimeUnit.SECONDS)).isEqualTo(200 * 99);
		long head = this.engine.journalReader().headPosition();
		assertThat(head - before).isEqualTo(20_000);

		await().atMost(Duration.ofSeconds(60)).until(() -> steady.size() >= 20_000 && resuming.size() >= 20_000);
		List<String> journal = journalKeys(before);
		assertThat(journal).hasSize(20_000);
		assertThat(steady.keys()).isEqualTo(journal);
		assertThat(resuming.keys()).isEqualTo(journal);
		// resumed right after the last event seen: nothing sent twice
		assertThat(lastSeen).isGreaterThan(before).isLessThan(head);
		assertThat(second.duplicatesDropped() + resumed.duplicatesDropped()).isZero();
		assertThat(resumed.lastPosition()).isEqualTo(head);
		// per-entity order: 1, 2, ..., 100 for each account
		Map<String, List<Long>> sequences = new HashMap<>();
		for (PublishedEvent event : resuming.events()) {
			sequences.computeIfAbsent(event.getPersistenceId(), (k) -> new ArrayList<>()).add(event.getSequenceNr());
		}
		assertThat(sequences).hasSize(200);
		List<Long> expected = new ArrayList<>();
		for (long seq = 1; seq <= 100; seq++) {
			expected.add(seq);
		}
		assertThat(sequences.values()).allSatisfy((seqs) -> assertThat(seqs).isEqualTo(expected));
		// the envelope is the connectors' one: EnvelopeReader reads it
		EnvelopeReader reader = EnvelopeReader
			.of(List.of(AccountOpened.getDefaultInstance(), AccountCredited.getDefaultInstance()));
		assertThat(reader.payload(steady.events().get(0))).isInstanceOf(AccountOpened.class);
		first.close();
		resumed.close();
		assertThat(first.closed().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(1000);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handler.openStreams() == 0);
		assertThat(this.handler.slowClientsClosed()).isZero();
	}

	@Test
	void clientsReceiveOnlyTheEntityTypesAndThePersistenceIdTheyAskFor() throws Exception {
		long before = this.engine.journalReader().headPosition();
		Received savings = new Received();
		Received one = new Received();
		Received all = new Received();
		EgoEventStreamClient bySavings = client().afterPosition(before)
			.entityTypes("savings")
			.listener(savings)
			.connect();
		EgoEventStreamClient byId = client().afterPosition(before)
			.persistenceId("account|filter-2")
			.listener(one)
			.connect();
		EgoEventStreamClient everything = client().afterPosition(before).listener(all).connect();
		for (int i = 1; i <= 3; i++) {
			String id = "filter-" + i;
			this.engine.askAndWait("account", id, AccountBehavior.open(id, 0));
			this.engine.askAndWait("savings", id, AccountBehavior.open(id, 0));
			this.engine.askAndWait("account", id, AccountBehavior.credit(id, i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> all.size() == 9 && savings.size() == 3 && one.size() == 2);
		assertThat(savings.events()).extracting(PublishedEvent::getPersistenceId)
			.containsExactly("savings|filter-1", "savings|filter-2", "savings|filter-3");
		assertThat(one.events()).extracting(PublishedEvent::getPersistenceId, PublishedEvent::getSequenceNr)
			.containsExactly(tuple("account|filter-2", 1L), tuple("account|filter-2", 2L));
		assertThat(all.keys()).isEqualTo(journalKeys(before));
		bySavings.close();
		byId.close();
		everything.close();
	}

	@Test
	void aClientWithoutAStartPositionReceivesLiveEventsOnly() {
		this.engine.askAndWait("account", "live-1", AccountBehavior.open("live-1", 0));
		long before = this.engine.journalReader().headPosition();
		Received live = new Received();
		try (EgoEventStreamClient client = client().listener(live).connect()) {
			// written until one arrives: the stream starts at the head when the server
			// starts it
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				this.engine.askAndWait("account", "live-1", AccountBehavior.credit("live-1", 1));
				return live.size() > 0;
			});
			assertThat(live.events()).allSatisfy((event) -> assertThat(event.getPosition()).isGreaterThan(before));
		}
	}

	@Test
	void anUnknownEntityTypeATextFrameAndASecondSubscribeCloseTheConnectionWithTheirReason() throws Exception {
		EgoEventStreamClient unknown = client().afterPosition(0).entityTypes("nope").connect();
		EgoEventStreamClient.Closed closed = unknown.closed().get(10, TimeUnit.SECONDS);
		assertThat(closed.statusCode()).isEqualTo(1008);
		assertThat(closed.reason()).isEqualTo("unknown entity type 'nope'");

		assertThat(rawClose((socket) -> socket.sendText("{\"from\":0}", true)))
			.isEqualTo("1003 text frames are not accepted: send a binary ego.connector.websocket.v1.Subscribe");
		byte[] subscribe = Subscribe.newBuilder().build().toByteArray();
		assertThat(rawClose((socket) -> socket.sendBinary(ByteBuffer.wrap(subscribe), true)
			.thenCompose((sent) -> sent.sendBinary(ByteBuffer.wrap(subscribe), true))))
			.isEqualTo("1008 already subscribed: one Subscribe per connection");
	}

	private String rawClose(Function<WebSocket, CompletableFuture<WebSocket>> send) throws Exception {
		CompletableFuture<String> closed = new CompletableFuture<>();
		WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri(), new WebSocket.Listener() {

			@Override
			public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				closed.complete(statusCode + " " + reason);
				return null;
			}

		}).get(10, TimeUnit.SECONDS);
		send.apply(socket).get(10, TimeUnit.SECONDS);
		return closed.get(10, TimeUnit.SECONDS);
	}

	/**
	 * @return "position/part" of every event the journal has after a position, as the
	 * engine reads it
	 */
	private List<String> journalKeys(long after) {
		JournalReader reader = this.engine.journalReader();
		List<String> keys = new ArrayList<>();
		Set<Long> positions = new HashSet<>();
		long position = after;
		for (;;) {
			JournalReader.Page page = reader.eventsAfter(position, 1000);
			if (page.position() == position) {
				return keys;
			}
			for (EventEnvelope event : page.events()) {
				assertThat(positions.add(event.position())).isTrue();
				keys.add(event.position() + "/0");
			}
			position = page.position();
		}
	}

	private EgoEventStreamClient.Builder client() {
		return EgoEventStreamClient.builder(uri());
	}

	private URI uri() {
		return URI.create("ws://127.0.0.1:" + this.port + "/ego/events");
	}

}
