package io.ego.connector.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.store.Offset;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A publisher killed mid-stream (its producer closed without flushing, its engine
 * stopped) and started again over the same journal and offsets: nothing is missing in
 * Kafka; the events that were sent but not yet committed are sent again (duplicates,
 * counted).
 */
class PublisherRestartTests {

	private static final String TOPIC = "restart";

	private static final ProjectionSettings SETTINGS = ProjectionSettings.defaults()
		.withParallelism(2)
		.withBufferSize(200)
		.withPullInterval(Duration.ofMillis(20))
		.withRecovery(ProjectionSettings.defaults().recovery(), 3, Duration.ofMillis(200));

	private static TestBroker broker;

	private final InMemoryEventStore events = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final InMemoryDurableStateStore states = new InMemoryDurableStateStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	@BeforeAll
	static void startBroker() {
		broker = TestBroker.shared();
		broker.createTopic(TOPIC, 4);
	}

	@Test
	void killingThePublisherMidStreamThenRestartingItLosesNoEvent() throws Exception {
		List<String> ids = Accounts.ids("k-", 200);
		DefaultKafkaProducerFactory<String, byte[]> killedProducer = new DefaultKafkaProducerFactory<>(
				KafkaEventPublisher.producerConfigs(broker.producerProperties()), new StringSerializer(),
				new ByteArraySerializer());
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(killedProducer);
		template.setProducerListener(null);
		CrashingPublisher first = new CrashingPublisher(KafkaEventPublisher.builder(template).topic(TOPIC).build());
		// the 10th batch is acknowledged by Kafka, and the process "dies" before the
		// offset is committed
		CompletableFuture<Integer> held = first.holdAfterAcknowledgement(10);
		try (TopicReader reader = new TopicReader(broker.bootstrapServers(), TOPIC)) {
			EgoEngine engine = engine(first);
			Accounts.open(engine, ids);
			CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(() -> credit(engine, ids, 40));
			int acknowledgedNotCommitted = held.get(30, TimeUnit.SECONDS);

			// kill: the producer goes away with whatever the other worker has in flight,
			// then the engine stops
			killedProducer.setPhysicalCloseTimeout(0);
			killedProducer.destroy();
			first.kill();
			engine.close();
			killedProducer.destroy();
			int creditsBeforeKill = writing.get();
			long headAtKill = this.events.headPosition();
			long committedAtKill = this.offsets.load("kafka").stream().mapToLong(Offset::position).min().orElse(0);
			int readAtKill = reader.count();

			try (KafkaEventPublisher second = KafkaEventPublisher.builder(broker.producerProperties())
				.topic(TOPIC)
				.build(); EgoEngine restarted = engine(second)) {
				assertThat(Accounts.credit(restarted, ids, 5, 4, false)).isEqualTo(1_000);
				Map<String, Long> highest = Accounts.highest(this.events, ids);
				reader.awaitEvery(highest, Duration.ofSeconds(60));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(restarted.projections().status("kafka").lagEvents()).isZero());
				TopicReader.Check check = reader.check(highest);
				System.out.printf(
						"[restart] killed with %d events in the journal (%d credits), lowest committed "
								+ "position %d, %d records read, a batch of %d acknowledged but not committed; after "
								+ "restart: %s%n",
						headAtKill, creditsBeforeKill, committedAtKill, readAtKill, acknowledgedNotCommitted,
						check.summary());

				assertThat(committedAtKill).isLessThan(headAtKill);
				assertThat(check.missing()).isEmpty();
				assertThat(check.outOfOrder()).isEmpty();
				assertThat(check.splitKeys()).isEmpty();
				assertThat(check.inconsistent()).isEmpty();
				assertThat(check.records()).isEqualTo(check.expected() + check.duplicates());
				assertThat(check.duplicates()).isGreaterThanOrEqualTo(acknowledgedNotCommitted);
				assertThat(restarted.projections().deadLetters("kafka", 10)).isEmpty();
			}
		}
	}

	private EgoEngine engine(EventPublisher publisher) {
		return EgoEngine.builder()
			.eventStore(this.events)
			.snapshotStore(this.snapshots)
			.durableStateStore(this.states)
			.offsetStore(this.offsets)
			.deadLetterStore(this.deadLetters)
			.eventSourced(Accounts.TYPE, new AccountBehavior())
			.eventPublisher("kafka", publisher, SETTINGS)
			.build();
	}

	/**
	 * Publishes through a {@link KafkaEventPublisher}, and can simulate a crash right
	 * after Kafka acknowledged a batch: that call never returns successfully, so the
	 * engine never commits the batch's offset.
	 */
	private static final class CrashingPublisher implements EventPublisher {

		private final KafkaEventPublisher delegate;

		private final AtomicInteger calls = new AtomicInteger();

		private final CompletableFuture<Integer> held = new CompletableFuture<>();

		private final CountDownLatch killed = new CountDownLatch(1);

		private volatile int holdAt = -1;

		CrashingPublisher(KafkaEventPublisher delegate) {
			this.delegate = delegate;
		}

		CompletableFuture<Integer> holdAfterAcknowledgement(int call) {
			this.holdAt = call;
			return this.held;
		}

		void kill() {
			this.killed.countDown();
		}

		@Override
		public void publish(List<EventEnvelope> events) throws Exception {
			if (this.killed.getCount() == 0) {
				throw new IOException("publisher killed");
			}
			this.delegate.publish(events);
			if (this.calls.incrementAndGet() == this.holdAt) {
				this.held.complete(events.size());
				this.killed.await();
				throw new IOException("publisher killed after Kafka acknowledged " + events.size() + " event(s)");
			}
		}

		@Override
		public boolean isPoison(Exception failure) {
			return this.delegate.isPoison(failure);
		}

	}

	private static int credit(EgoEngine engine, List<String> ids, int rounds) {
		try {
			return Accounts.credit(engine, ids, rounds, 4, true);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
