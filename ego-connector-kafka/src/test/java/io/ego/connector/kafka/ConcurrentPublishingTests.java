package io.ego.connector.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.inmemory.InMemoryEventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link KafkaEventPublisher} under load, against a real broker: events written by
 * concurrent callers are all published while the commands run, each entity's events in
 * sequence order, once.
 */
class ConcurrentPublishingTests {

	private static final String TOPIC = "load";

	private static TestBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = TestBroker.shared();
		broker.createTopic(TOPIC, 8);
	}

	@Test
	void fiftyThousandEventsOfFiveHundredEntitiesAreEachReadOnceInSequenceOrder() throws Exception {
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("a-", 500);
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(4)
			.withPullInterval(Duration.ofMillis(50));
		try (KafkaEventPublisher publisher = KafkaEventPublisher.builder(broker.producerProperties())
			.topic(TOPIC)
			.build();
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.inMemoryStores()
					.eventSourced(Accounts.TYPE, new AccountBehavior())
					.eventPublisher("kafka", publisher, settings)
					.build();
				TopicReader reader = new TopicReader(broker.bootstrapServers(), TOPIC)) {
			long start = System.nanoTime();
			Accounts.open(engine, ids);
			int credits = Accounts.credit(engine, ids, 99, 8, false);
			long written = System.nanoTime();
			int readWhileWriting = reader.count();
			Map<String, Long> highest = Accounts.highest(events, ids);
			assertThat(credits).isEqualTo(49_500);
			assertThat(Accounts.total(highest)).isEqualTo(50_000);

			reader.awaitEvery(highest, Duration.ofSeconds(60));
			long read = System.nanoTime();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(engine.projections().status("kafka").lagEvents()).isZero());
			TopicReader.Check check = reader.check(highest);
			System.out.printf("[load] %s; written in %d ms (%d already read meanwhile), all read after %d ms%n",
					check.summary(), (written - start) / 1_000_000, readWhileWriting, (read - start) / 1_000_000);

			assertThat(check.missing()).isEmpty();
			assertThat(check.duplicates()).isZero();
			assertThat(check.outOfOrder()).isEmpty();
			assertThat(check.splitKeys()).isEmpty();
			assertThat(check.inconsistent()).isEmpty();
			List<Long> oneToHundred = LongStream.rangeClosed(1, 100).boxed().toList();
			assertThat(check.sequences()).hasSize(500)
				.allSatisfy((key, sequence) -> assertThat(sequence).isEqualTo(oneToHundred));
			assertThat(engine.projections().deadLetters("kafka", 10)).isEmpty();
		}
	}

}
