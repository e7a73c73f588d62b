package io.ego.connector.nats;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event larger than the server's maximum payload (1 MB) is poison: it is retried
 * alone, then dead-lettered with the refusal, and every later event, of its entity too,
 * is published.
 */
@ExtendWith(NatsServerExtension.class)
class PoisonTests {

	@Test
	void anEventTooLargeIsDeadLetteredAndTheOthersFlow(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("POISON");
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("p-", 20);
		String poisoned = "poisoned";
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(2)
			.withPullInterval(Duration.ofMillis(20))
			.withRecovery(ProjectionSettings.defaults().recovery(), 2, Duration.ofMillis(50));
		try (Connection connection = server.connect();
				NatsEventPublisher publisher = NatsEventPublisher.builder(connection)
					.stream(stream)
					.subject("poison." + stream + ".{entityType}")
					.build()) {
			publisher.prepareStream();
			try (StreamReader reader = new StreamReader(server, stream, false);
					EgoEngine engine = EgoEngine.builder()
						.eventStore(events)
						.inMemoryStores()
						.eventSourced(Accounts.TYPE, new AccountBehavior())
						.eventPublisher("nats", publisher, settings)
						.build()) {
				Accounts.open(engine, ids);
				engine.ask(Accounts.TYPE, poisoned, AccountBehavior.open(poisoned, 0, "x".repeat(2 * 1024 * 1024)))
					.join();
				Accounts.credit(engine, ids, 5, 2, false);
				Accounts.credit(engine, List.of(poisoned), 5, 1, false);

				Map<String, Long> highest = Accounts.highest(events, ids);
				highest.put(Accounts.persistenceId(poisoned), 6L);
				reader.awaitEvery(highest, Duration.ofSeconds(30));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(engine.projections().status("nats").lagEvents()).isZero());

				List<DeadLetter> letters = engine.projections().deadLetters("nats", 10);
				assertThat(letters).singleElement().satisfies((letter) -> {
					assertThat(letter.persistenceId()).isEqualTo(Accounts.persistenceId(poisoned));
					assertThat(letter.sequenceNr()).isEqualTo(1);
					assertThat(letter.cause()).contains("NatsMessageRejectedException").contains("account|poisoned#1");
					assertThat(letter.attempts()).isEqualTo(3);
				});
				StreamReader.Check check = reader.check(highest);
				System.out.printf("[poison] %s; dead letter cause: %s%n", check.summary(), letters.get(0).cause());
				assertThat(check.missing()).containsOnlyKeys(Accounts.persistenceId(poisoned))
					.containsEntry(Accounts.persistenceId(poisoned), List.of(1L));
				assertThat(check.duplicates()).isZero();
				assertThat(check.outOfOrder()).isEmpty();
				assertThat(reader.numbers().get(Accounts.persistenceId(poisoned))).containsExactly(2L, 3L, 4L, 5L, 6L);
			}
		}
		finally {
			ConcurrentPublishingTests.delete(server, stream);
		}
	}

}
