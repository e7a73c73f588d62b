package io.ego.connector.pulsar;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.pulsar.PulsarBroker;
import io.ego.test.pulsar.PulsarBrokerExtension;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker becomes unreachable for the publisher (a TCP proxy between its client and
 * the broker goes down, lookups included) while commands keep writing: the lag rises, and
 * once the broker is back it returns to 0 with every event read, in order.
 */
@ExtendWith(PulsarBrokerExtension.class)
class BrokerOutageTests {

	@Test
	void anOutageRaisesTheLagThenEverythingIsPublishedInOrder(PulsarBroker broker) throws Exception {
		String topic = "persistent://public/default/outage";
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("o-", 200);
		FailureCounter failures = new FailureCounter();
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(2)
			.withPullInterval(Duration.ofMillis(20))
			.withRecovery(ProjectionSettings.defaults().recovery(), 3, Duration.ofMillis(200));
		try (PulsarClient readerClient = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
				PulsarClient proxied = PulsarClient.builder()
					.serviceUrl(broker.proxiedServiceUrl())
					.listenerName(PulsarBroker.PROXIED_LISTENER)
					.startingBackoffInterval(100, TimeUnit.MILLISECONDS)
					.maxBackoffInterval(500, TimeUnit.MILLISECONDS)
					.build();
				TopicReader reader = new TopicReader(readerClient, topic, 2, false);
				PulsarEventPublisher publisher = PulsarEventPublisher.builder(proxied)
					.topic(topic)
					.sendTimeout(Duration.ofSeconds(1))
					.build();
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.inMemoryStores()
					.eventSourced(Accounts.TYPE, new AccountBehavior())
					.eventPublisher("pulsar", failures.counting(publisher), settings)
					.build()) {
			Accounts.open(engine, ids);
			reader.awaitEvery(Accounts.highest(events, ids), Duration.ofSeconds(30));

			broker.proxy().down();
			long downAt = System.nanoTime();
			CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(() -> credit(engine, ids, 20));
			// down until the writes are done and publishing failed 4 times (how long that
			// takes depends on how the client fails: the outage is asserted by its
			// effects)
			await().atMost(Duration.ofSeconds(60)).until(() -> writing.isDone() && failures.count() >= 4);
			long lagWhileDown = engine.projections().status("pulsar").lagEvents();
			int readWhileDown = reader.count();
			broker.proxy().up();
			long downFor = System.nanoTime() - downAt;

			assertThat(writing.get()).isEqualTo(4_000);
			Map<String, Long> highest = Accounts.highest(events, ids);
			reader.awaitEvery(highest, Duration.ofSeconds(60));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(engine.projections().status("pulsar").lagEvents()).isZero());
			TopicReader.Check check = reader.check(highest);
			System.out.printf(
					"[outage] broker unreachable for %d ms (%d publish attempts failed), lag %d while down (%d messages read then); after: %s; "
							+ "broker dropped %d duplicate(s), %d unordered send(s)%n",
					downFor / 1_000_000, failures.count(), lagWhileDown, readWhileDown, check.summary(),
					publisher.duplicatesDropped(), publisher.unorderedSends());

			assertThat(lagWhileDown).isGreaterThanOrEqualTo(2_000);
			assertThat(readWhileDown).isEqualTo(200);
			assertThat(check.missing()).isEmpty();
			assertThat(check.outOfOrder()).isEmpty();
			assertThat(check.splitKeys()).isEmpty();
			assertThat(check.inconsistent()).isEmpty();
			assertThat(check.records()).isEqualTo(check.expected() + check.duplicates());
			assertThat(check.duplicates()).isZero();
			assertThat(engine.projections().deadLetters("pulsar", 10)).isEmpty();
		}
		finally {
			broker.proxy().up();
		}
	}

	/** Counts the failed publish calls of the publisher it wraps. */
	private static final class FailureCounter {

		private final AtomicInteger failed = new AtomicInteger();

		int count() {
			return this.failed.get();
		}

		EventPublisher counting(PulsarEventPublisher publisher) {
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
