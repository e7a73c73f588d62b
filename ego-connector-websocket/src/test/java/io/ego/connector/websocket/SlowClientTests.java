package io.ego.connector.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.connector.websocket.client.EgoEventStreamClient;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that does not read: the server's buffer for it fills up to
 * {@code max-buffered-events} and no further, and after {@code send-timeout} the server
 * closes it with 1013 and a reason naming the limit; a client that reads meanwhile gets
 * everything.
 */
@SpringBootTest(classes = EventStreamApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ego.publishers.websocket.enabled=true", "ego.publishers.websocket.max-buffered-events=50",
				"ego.publishers.websocket.send-timeout=1s" })
class SlowClientTests {

	/** 1,000 events of 32 KB: far more than the connection's socket buffers hold. */
	private static final int EVENTS = 1_000;

	private static final String OWNER = "x".repeat(32 * 1024);

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	@Autowired
	private EventStreamHandler handler;

	@Test
	void aClientThatDoesNotReadIsClosedWithTheLimitAsReasonAndItsBufferStaysBounded() throws Exception {
		List<String> ids = Accounts.ids("slow-", EVENTS);
		List<CompletableFuture<? extends CommandReply<?>>> replies = new ArrayList<>();
		for (String id : ids) {
			replies.add(this.engine.ask("account", id, AccountBehavior.open(id, 0, OWNER)));
		}
		replies.forEach((reply) -> assertThat(reply.join()).isInstanceOf(CommandReply.Accepted.class));

		Received slowEvents = new Received();
		Received fastEvents = new Received();
		EgoEventStreamClient slow = client().afterPosition(0).paused(true).listener(slowEvents).connect();
		EgoEventStreamClient fast = client().afterPosition(0).listener(fastEvents).connect();

		// the server gives up on the slow client: its buffer stayed full for the send
		// timeout
		await().atMost(Duration.ofSeconds(60)).until(() -> this.handler.slowClientsClosed() == 1);
		assertThat(this.handler.highestBuffered()).isEqualTo(50);
		// the reader of the fast one is not held up by the slow one
		await().atMost(Duration.ofSeconds(60)).until(() -> fastEvents.size() == EVENTS);
		assertThat(fast.closed()).isNotDone();

		// once it reads again, it gets what was already on its way, then the close
		slow.resume();
		EgoEventStreamClient.Closed closed = slow.closed().get(30, TimeUnit.SECONDS);
		assertThat(closed.statusCode()).isEqualTo(1013);
		assertThat(closed.reason())
			.isEqualTo("too slow: 50 buffered events (max-buffered-events) not sent within PT1S");
		assertThat(slowEvents.size()).isLessThan(EVENTS);
		assertThat(slowEvents.keys()).isEqualTo(fastEvents.keys().subList(0, slowEvents.size()));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handler.openStreams() == 1);

		// it resumes where it was cut off, reading this time
		Received resumedEvents = new Received();
		EgoEventStreamClient resumed = EgoEventStreamClient.builder(uri())
			.afterPosition(slow.lastPosition())
			.listener(resumedEvents)
			.connect();
		await().atMost(Duration.ofSeconds(60)).until(() -> slowEvents.size() + resumedEvents.size() == EVENTS);
		List<String> all = new ArrayList<>(slowEvents.keys());
		all.addAll(resumedEvents.keys());
		assertThat(all).isEqualTo(fastEvents.keys());
		fast.close();
		resumed.close();
	}

	private EgoEventStreamClient.Builder client() {
		return EgoEventStreamClient.builder(uri());
	}

	private URI uri() {
		return URI.create("ws://127.0.0.1:" + this.port + "/ego/events");
	}

}
