package io.ego.connector.pulsar;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.pulsar.PulsarBroker;
import io.ego.test.pulsar.PulsarBrokerExtension;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PulsarEventPublisher} under load, against a real broker with deduplication:
 * events written by concurrent callers are all published while the commands run, and two
 * Key_Shared consumers read each entity's events in sequence order, once.
 */
@ExtendWith(PulsarBrokerExtension.class)
class ConcurrentPublishingTests {

	@Test
	void twentyThousandEventsOfTwoHundredEntitiesAreEachReadOnceInSequenceOrder(PulsarBroker broker) throws Exception {
		String topic = "persistent://public/default/load";
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("a-", 200);
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(4)
			.withPullInterval(Duration.ofMillis(20));
		try (PulsarClient client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
				TopicReader reader = new TopicReader(client, topic, 2, false);
				PulsarEventPublisher publisher = PulsarEventPublisher.builder(client).topic(topic).build();
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.inMemoryStores()
					.eventSourced(Accounts.TYPE, new AccountBehavior())
					.eventPublisher("pulsar", publisher, settings)
					.build()) {
			long start = System.nanoTime();
			Accounts.open(engine, ids);
			int credits = Accounts.credit(engine, ids, 99, 8, false);
			long written = System.nanoTime();
			int readWhileWriting = reader.count();
			Map<String, Long> highest = Accounts.highest(events, ids);
			assertThat(credits).isEqualTo(19_800);
			assertThat(Accounts.total(highest)).isEqualTo(20_000);

			reader.awaitEvery(highest, Duration.ofSeconds(60));
			long read = System.nanoTime();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(engine.projections().status("pulsar").lagEvents()).isZero());
			TopicReader.Check check = reader.check(highest);
			System.out.printf(
					"[load] %s; written in %d ms (%d already read meanwhile), all read after %d ms; "
							+ "broker dropped %d duplicate(s), %d unordered send(s)%n",
					check.summary(), (written - start) / 1_000_000, readWhileWriting, (read - start) / 1_000_000,
					publisher.duplicatesDropped(), publisher.unorderedSends());

			assertThat(check.missing()).isEmpty();
			assertThat(check.duplicates()).isZero();
			assertThat(check.outOfOrder()).isEmpty();
			assertThat(check.splitKeys()).isEmpty();
			assertThat(check.inconsistent()).isEmpty();
			assertThat(check.consumers()).isEqualTo(2);
			List<Long> oneToHundred = LongStream.rangeClosed(1, 100).boxed().toList();
			assertThat(reader.numbers()).hasSize(200)
				.allSatisfy((key, sequence) -> assertThat(sequence).isEqualTo(oneToHundred));
			assertThat(publisher.unorderedSends()).isZero();
			assertThat(engine.projections().deadLetters("pulsar", 10)).isEmpty();
		}
	}

}
