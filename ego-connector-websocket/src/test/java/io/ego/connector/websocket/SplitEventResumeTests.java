package io.ego.connector.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.websocket.client.EgoEventStreamClient;
import io.ego.core.EgoEngine;
import io.ego.core.adapter.EventAdapter;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.test.bank.AccountCredited;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event adapter splits each stored credit of {@code n} into {@code n} credits of 1
 * (parts 0 to n-1 at one position): a client disconnected in the middle of a split
 * resumes after the part it received last, and gets the remaining parts and what follows,
 * each once.
 */
@SpringBootTest(classes = { EventStreamApplication.class, SplitEventResumeTests.Splitting.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ego.publishers.websocket.enabled=true")
class SplitEventResumeTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	@Test
	void aClientDisconnectedInTheMiddleOfASplitEventResumesAfterThePartItReceivedLast() throws Exception {
		this.engine.askAndWait("account", "split-1", AccountBehavior.open("split-1", 0));
		this.engine.askAndWait("account", "split-1", AccountBehavior.credit("split-1", 5));
		this.engine.askAndWait("account", "split-1", AccountBehavior.credit("split-1", 2));
		List<PublishedEvent> received = Collections.synchronizedList(new ArrayList<>());
		AtomicReference<EgoEventStreamClient> first = new AtomicReference<>();
		EgoEventStreamClient.Listener listener = (event) -> {
			received.add(event);
			if (event.getPosition() == 2 && event.getPart() == 2) {
				// a disconnect after the third of five parts
				first.get().abort();
			}
		};
		first.set(EgoEventStreamClient.builder(uri())
			.afterPosition(0)
			.persistenceId("account|split-1")
			.paused(true)
			.listener(listener)
			.connect());
		first.get().resume();
		await().atMost(Duration.ofSeconds(20)).until(() -> first.get().closed().isDone());
		assertThat(first.get().lastPosition()).isEqualTo(2);
		assertThat(first.get().lastPart()).isEqualTo(2);

		EgoEventStreamClient resumed = first.get().reconnect();
		await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 8);
		assertThat(received).extracting(Received::key)
			.containsExactly("1/0", "2/0", "2/1", "2/2", "2/3", "2/4", "3/0", "3/1");
		// the split credits, one each
		assertThat(received.subList(1, 8)).allSatisfy((event) -> {
			assertThat(event.getEventType()).isEqualTo(AccountCredited.getDescriptor().getFullName());
			assertThat(AccountCredited.parseFrom(event.getPayload()).getAmount()).isEqualTo(1);
		});
		assertThat(first.get().duplicatesDropped() + resumed.duplicatesDropped()).isZero();
		resumed.close();
	}

	private URI uri() {
		return URI.create("ws://127.0.0.1:" + this.port + "/ego/events");
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(AccountEntity.class)
	static class Splitting {

		@Bean
		EventAdapter splitCredits() {
			return EventAdapter.of(AccountCredited.getDescriptor().getFullName(), 1, (stored) -> {
				AccountCredited credit = stored.parseAs(AccountCredited.getDefaultInstance());
				List<AccountCredited> ones = new ArrayList<>();
				for (long i = 0; i < credit.getAmount(); i++) {
					ones.add(credit.toBuilder().setAmount(1).build());
				}
				return ones;
			});
		}

	}

}
