package io.ego.connector.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link NatsStatePublisher} against the real server: durable states updated by
 * concurrent callers arrive per key in increasing revisions, once each, ending with the
 * final revision.
 */
@ExtendWith(NatsServerExtension.class)
class NatsStatePublisherTests {

	@Test
	void everyEntitysRevisionsArriveIncreasingEndingWithTheLatest(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("STATES");
		int entities = 200;
		int increments = 25;
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withParallelism(4)
			.withPullInterval(Duration.ofMillis(20));
		try (Connection connection = server.connect();
				NatsStatePublisher publisher = NatsStatePublisher.builder(connection)
					.stream(stream)
					.subject("states." + stream + ".{entityType}")
					.build()) {
			publisher.prepareStream();
			try (StreamReader reader = new StreamReader(server, stream, true);
					EgoEngine engine = EgoEngine.builder()
						.inMemoryStores()
						.durableState("counter", new CounterBehavior())
						.statePublisher("nats-states", publisher, settings)
						.build();
					ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<?>> running = new ArrayList<>();
				for (int e = 0; e < entities; e++) {
					String id = "c" + e;
					running.add(writers.submit(() -> {
						for (int i = 0; i < increments; i++) {
							engine.entity(CounterBehavior.class, id).askAndWait(CounterBehavior.by(1));
						}
					}));
				}
				for (Future<?> writer : running) {
					writer.get();
				}
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
					Map<String, List<Long>> read = reader.numbers();
					return read.size() == entities
							&& read.values().stream().allMatch((revisions) -> revisions.contains((long) increments));
				});
				Map<String, List<Long>> read = reader.numbers();
				int records = 0;
				for (Map.Entry<String, List<Long>> entity : read.entrySet()) {
					records += entity.getValue().size();
					assertThat(entity.getValue()).as("revisions of %s", entity.getKey())
						.isSorted()
						.doesNotHaveDuplicates()
						.last()
						.isEqualTo((long) increments);
				}
				assertThat(reader.check(Map.of()).inconsistent()).isEmpty();
				assertThat(engine.projections().deadLetters("nats-states", 10)).isEmpty();
				System.out.printf("[states] %d entities x %d revisions: %d messages read (intermediate revisions "
						+ "compacted by the change feed)%n", entities, increments, records);
			}
		}
		finally {
			ConcurrentPublishingTests.delete(server, stream);
		}
	}

}
