package io.ego.connector.kafka;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.connector.support.fixtures.TcpProxy;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.store.inmemory.InMemoryEventStore;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker unreachable for a while (a proxy in front of it, advertised as the broker's
 * address, taken down and brought back) while commands keep writing events: the publisher
 * falls behind (its lag rises), then publishes the whole backlog once the broker is back,
 * losing nothing, and its lag returns to zero.
 */
class BrokerOutageTests {

	private static final String TOPIC = "outage";

	private static final AtomicReference<InetSocketAddress> brokerAddress = new AtomicReference<>();

	private static TcpProxy proxy;

	private static TestBroker broker;

	@BeforeAll
	static void startBrokerBehindProxy() {
		proxy = new TcpProxy(brokerAddress::get);
		broker = TestBroker.start(Map.of("advertised.listeners", "EXTERNAL://" + proxy.address()));
		String direct = broker.bootstrapServers().split(",")[0];
		int port = Integer.parseInt(direct.substring(direct.lastIndexOf(':') + 1));
		brokerAddress.set(new InetSocketAddress("127.0.0.1", port));
		broker.createTopic(TOPIC, 4);
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
		proxy.close();
	}

	@Test
	void anUnreachableBrokerMakesTheLagRiseThenTheBacklogDrainsWithNothingLost() throws Exception {
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("o-", 40);
		Map<String, Object> producer = broker.producerProperties();
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, proxy.address());
		producer.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(2)
			.withPullInterval(Duration.ofMillis(20))
			.withRecovery(ProjectionSettings.defaults().recovery(), 3, Duration.ofMillis(100));
		AtomicBoolean writing = new AtomicBoolean(true);
		try (KafkaEventPublisher publisher = KafkaEventPublisher.builder(producer)
			.topic(TOPIC)
			.sendTimeout(Duration.ofSeconds(2))
			.build();
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.inMemoryStores()
					.eventSourced(Accounts.TYPE, new AccountBehavior())
					.eventPublisher("kafka", publisher, settings)
					.build();
				TopicReader reader = new TopicReader(proxy.address(), TOPIC)) {
			Accounts.open(engine, ids);
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				while (writing.get()) {
					try {
						Accounts.credit(engine, ids, 1, 1, false);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					// about 3,000 events a second
					LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
				}
			});
			await().atMost(Duration.ofSeconds(20)).until(() -> reader.count() >= 500);

			proxy.down();
			long down = System.nanoTime();
			long headAtDown = events.headPosition();
			AtomicLong peakLag = new AtomicLong();
			await().atMost(Duration.ofSeconds(10)).until(() -> lag(engine, peakLag) >= 500);
			long lagEarly = lag(engine, peakLag);
			// stay down a few seconds: more than the send timeout, so publish() times out
			// and is retried
			await().pollDelay(Duration.ofSeconds(4))
				.atMost(Duration.ofSeconds(10))
				.until(() -> lag(engine, peakLag) > lagEarly);
			long headAtUp = events.headPosition();
			ProjectionStatus during = engine.projections().status("kafka");
			peakLag.accumulateAndGet(backlog(during), Math::max);
			proxy.up();
			long up = System.nanoTime();
			int readAtUp = reader.count();
			// publishing resumes while commands keep writing
			await().atMost(Duration.ofSeconds(30)).until(() -> reader.count() > readAtUp + 1_000);
			writing.set(false);
			writer.get();

			Map<String, Long> highest = Accounts.highest(events, ids);
			reader.awaitEvery(highest, Duration.ofSeconds(60));
			long drained = System.nanoTime();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(engine.projections().status("kafka").lagEvents()).isZero());
			TopicReader.Check check = reader.check(highest);
			System.out.printf(
					"[outage] down %d ms, %d events written meanwhile, lag rose to %d events (%s behind); "
							+ "backlog read %d ms after the broker came back; %s%n",
					(up - down) / 1_000_000, headAtUp - headAtDown, peakLag.get(), during.lagTime(),
					(drained - up) / 1_000_000, check.summary());

			assertThat(during.state()).isEqualTo(ProjectionStatus.State.RUNNING);
			assertThat(during.workers()).hasSize(2).allSatisfy((worker) -> assertThat(worker.lagEvents()).isPositive());
			assertThat(peakLag.get()).isGreaterThan(lagEarly).isGreaterThanOrEqualTo(headAtUp - headAtDown);
			assertThat(check.missing()).isEmpty();
			assertThat(check.outOfOrder()).isEmpty();
			assertThat(check.splitKeys()).isEmpty();
			assertThat(check.inconsistent()).isEmpty();
			assertThat(engine.projections().deadLetters("kafka", 10)).isEmpty();
		}
		finally {
			writing.set(false);
			proxy.up();
		}
	}

	/**
	 * The publisher's whole backlog: the sum of its workers' lags (each counts the events
	 * of its own slices).
	 */
	private static long lag(EgoEngine engine, AtomicLong peak) {
		long lag = backlog(engine.projections().status("kafka"));
		peak.accumulateAndGet(lag, Math::max);
		return lag;
	}

	private static long backlog(ProjectionStatus status) {
		return status.workers().stream().mapToLong(ProjectionStatus.Worker::lagEvents).sum();
	}

}
