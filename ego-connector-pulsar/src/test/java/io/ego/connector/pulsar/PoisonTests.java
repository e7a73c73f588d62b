package io.ego.connector.pulsar;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.pulsar.PulsarBroker;
import io.ego.test.pulsar.PulsarBrokerExtension;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event larger than the broker's maximum message size (5 MB) is poison: it is retried
 * alone, then dead-lettered with the client's error, and every later event, of its entity
 * too, is published.
 */
@ExtendWith(PulsarBrokerExtension.class)
class PoisonTests {

	@Test
	void anEventTooLargeIsDeadLetteredAndTheOthersFlow(PulsarBroker broker) throws Exception {
		String topic = "persistent://public/default/poison";
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("p-", 20);
		String poisoned = "poisoned";
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(2)
			.withPullInterval(Duration.ofMillis(20))
			.withRecovery(ProjectionSettings.defaults().recovery(), 2, Duration.ofMillis(50));
		try (PulsarClient client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
				TopicReader reader = new TopicReader(client, topic, 1, false);
				PulsarEventPublisher publisher = PulsarEventPublisher.builder(client).topic(topic).build();
				EgoEngine engine = EgoEngine.builder()
					.eventStore(events)
					.inMemoryStores()
					.eventSourced(Accounts.TYPE, new AccountBehavior())
					.eventPublisher("pulsar", publisher, settings)
					.build()) {
			Accounts.open(engine, ids);
			engine.ask(Accounts.TYPE, poisoned, AccountBehavior.open(poisoned, 0, "x".repeat(6 * 1024 * 1024))).join();
			Accounts.credit(engine, ids, 5, 2, false);
			Accounts.credit(engine, List.of(poisoned), 5, 1, false);

			Map<String, Long> highest = Accounts.highest(events, ids);
			highest.put(Accounts.persistenceId(poisoned), 6L);
			reader.awaitEvery(highest, Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(engine.projections().status("pulsar").lagEvents()).isZero());

			List<DeadLetter> letters = engine.projections().deadLetters("pulsar", 10);
			assertThat(letters).singleElement().satisfies((letter) -> {
				assertThat(letter.persistenceId()).isEqualTo(Accounts.persistenceId(poisoned));
				assertThat(letter.sequenceNr()).isEqualTo(1);
				assertThat(letter.cause()).contains("InvalidMessageException");
				assertThat(letter.attempts()).isEqualTo(3);
			});
			TopicReader.Check check = reader.check(highest);
			System.out.printf("[poison] %s; dead letter cause: %s%n", check.summary(), letters.get(0).cause());
			assertThat(check.missing()).containsOnlyKeys(Accounts.persistenceId(poisoned))
				.containsEntry(Accounts.persistenceId(poisoned), List.of(1L));
			assertThat(check.duplicates()).isZero();
			assertThat(check.outOfOrder()).isEmpty();
			assertThat(reader.numbers().get(Accounts.persistenceId(poisoned))).containsExactly(2L, 3L, 4L, 5L, 6L);
		}
	}

}
