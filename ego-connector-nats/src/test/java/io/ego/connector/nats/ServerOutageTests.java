package io.ego.connector.nats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server becomes unreachable for the publisher (a TCP proxy between its connection
 * and the server goes down, connections cut) while commands keep writing: the lag rises,
 * and once the server is back it returns to 0 with every event stored once, in order.
 */
@ExtendWith(NatsServerExtension.class)
class ServerOutageTests {

	@Test
	void anOutageRaisesTheLagThenEverythingIsPublishedInOrder(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("OUTAGE");
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("o-", 200);
		FailureCounter failures = new FailureCounter();
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(2)
			.withPullInterval(Duration.ofMillis(20))
			.withRecovery(ProjectionSettings.defaults().recovery(), 3, Duration.ofMillis(200));
		try (Connection proxied = server.connectThroughProxy();
				NatsEventPublisher publisher = NatsEventPublisher.builder(proxied)
					.stream(stream)
					.subject("outage." + stream + ".{entityType}")
					.sendTimeout(Duration.ofSeconds(1))
					.build()) {
			publisher.prepareStream();
			try (StreamReader reader = new StreamReader(server, stream, false);
					EgoEngine engine = EgoEngine.builder()
						.eventStore(events)
						.inMemoryStores()
						.eventSourced(Accounts.TYPE, new AccountBehavior())
						.eventPublisher("nats", failures.counting(publisher), settings)
						.build()) {
				Accounts.open(engine, ids);
				reader.awaitEvery(Accounts.highest(events, ids), Duration.ofSeconds(30));

				server.proxy().down();
				long downAt = System.nanoTime();
				CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(() -> credit(engine, ids, 20));
				// down until the writes are done and publishing failed 4 times (each
				// attempt waits the 1 s send timeout)
				await().atMost(Duration.ofSeconds(60)).until(() -> writing.isDone() && failures.count() >= 4);
				long lagWhileDown = engine.projections().status("nats").lagEvents();
				int readWhileDown = reader.count();
				server.proxy().up();
				long upAt = System.nanoTime();
				long downFor = upAt - downAt;

				assertThat(writing.get()).isEqualTo(4_000);
				Map<String, Long> highest = Accounts.highest(events, ids);
				reader.awaitEvery(highest, Duration.ofSeconds(60));
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(engine.projections().status("nats").lagEvents()).isZero());
				long caughtUp = System.nanoTime() - upAt;
				StreamReader.Check check = reader.check(highest);
				System.out.printf(
						"[outage] server unreachable for %d ms (%d publish attempts failed), lag %d while down "
								+ "(%d messages read then), lag 0 again %d ms after the server came back (the engine's "
								+ "back-off); after: %s; JetStream dropped %d duplicate(s)%n",
						downFor / 1_000_000, failures.count(), lagWhileDown, readWhileDown, caughtUp / 1_000_000,
						check.summary(), publisher.duplicatesDropped());

				assertThat(lagWhileDown).isGreaterThanOrEqualTo(2_000);
				assertThat(check.missing()).isEmpty();
				assertThat(check.outOfOrder()).isEmpty();
				assertThat(check.inconsistent()).isEmpty();
				assertThat(check.duplicates()).isZero();
				assertThat(check.records()).isEqualTo(check.expected());
				assertThat(engine.projections().deadLetters("nats", 10)).isEmpty();
			}
		}
		finally {
			server.proxy().up();
			ConcurrentPublishingTests.delete(server, stream);
		}
	}

	/** Counts the failed publish calls of the publisher it wraps. */
	private static final class FailureCounter {

		private final AtomicInteger failed = new AtomicInteger();

		int count() {
			return this.failed.get();
		}

		EventPublisher counting(NatsEventPublisher publisher) {
			return new EventPublisher() {

				@Override
				public void publish(List<EventEnvelope> events) throws Exception {
					try {
						publisher.publish(events);
					}
					catch (Exception ex) {
						FailureCounter.this.failed.incrementAndGet();
						throw ex;
					}
				}

				@Override
				public boolean isPoison(Exception failure) {
					return publisher.isPoison(failure);
				}

			};
		}

	}

	private static int credit(EgoEngine engine, List<String> ids, int rounds) {
		try {
			return Accounts.credit(engine, ids, rounds, 4, false);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
