package io.ego.connector.nats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.ego.connector.support.fixtures.Accounts;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link NatsEventPublisher} under load, against a real JetStream server: events written
 * by concurrent callers are all published while the commands run, and the stream holds
 * each entity's events once, in sequence order.
 */
@ExtendWith(NatsServerExtension.class)
class ConcurrentPublishingTests {

	@Test
	void twentyThousandEventsOfTwoHundredEntitiesAreEachStoredOnceInSequenceOrder(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("LOAD");
		InMemoryEventStore events = new InMemoryEventStore();
		List<String> ids = Accounts.ids("a-", 200);
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(4)
			.withPullInterval(Duration.ofMillis(20));
		try (Connection connection = server.connect();
				NatsEventPublisher publisher = NatsEventPublisher.builder(connection)
					.stream(stream)
					.subject("load." + stream + ".{entityType}")
					.build()) {
			publisher.prepareStream();
			try (StreamReader reader = new StreamReader(server, stream, false);
					EgoEngine engine = EgoEngine.builder()
						.eventStore(events)
						.inMemoryStores()
						.eventSourced(Accounts.TYPE, new AccountBehavior())
						.eventPublisher("nats", publisher, settings)
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
					.untilAsserted(() -> assertThat(engine.projections().status("nats").lagEvents()).isZero());
				StreamReader.Check check = reader.check(highest);
				System.out.printf(
						"[load] %s; written in %d ms (%d already read meanwhile), all read after %d ms; "
								+ "JetStream dropped %d duplicate(s)%n",
						check.summary(), (written - start) / 1_000_000, readWhileWriting, (read - start) / 1_000_000,
						publisher.duplicatesDropped());

				assertThat(check.missing()).isEmpty();
				assertThat(check.duplicates()).isZero();
				assertThat(check.outOfOrder()).isEmpty();
				assertThat(check.inconsistent()).isEmpty();
				List<Long> oneToHundred = LongStream.rangeClosed(1, 100).boxed().toList();
				assertThat(reader.numbers()).hasSize(200)
					.allSatisfy((key, sequence) -> assertThat(sequence).isEqualTo(oneToHundred));
				assertThat(connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
					.isEqualTo(20_000);
				assertThat(engine.projections().deadLetters("nats", 10)).isEmpty();
			}
		}
		finally {
			delete(server, stream);
		}
	}

	static void delete(NatsServer server, String stream) throws Exception {
		try (Connection connection = server.connect()) {
			connection.jetStreamManagement().deleteStream(stream);
		}
	}

}
