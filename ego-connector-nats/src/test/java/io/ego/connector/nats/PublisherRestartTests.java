package io.ego.connector.nats;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publisher is stopped mid-stream (its connection closed with messages in flight,
 * right after JetStream acknowledged a batch whose offset is never committed) while
 * commands run; a new engine on the same stores, with a new publisher, loses no event,
 * and the duplicate window drops what is published again.
 */
@ExtendWith(NatsServerExtension.class)
class PublisherRestartTests {

	private static final ProjectionSettings SETTINGS = ProjectionSettings.defaults()
		.withParallelism(2)
		.withBufferSize(200)
		.withPullInterval(Duration.ofMillis(20))
		.withRecovery(ProjectionSettings.defaults().recovery(), 3, Duration.ofMillis(200));

	private final InMemoryEventStore events = new InMemoryEventStore();

	private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

	private final InMemoryDurableStateStore states = new InMemoryDurableStateStore();

	private final InMemoryOffsetStore offsets = new InMemoryOffsetStore();

	private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

	@Test
	void stoppingThePublisherMidStreamThenRestartingItLosesNoEvent(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("RESTART");
		String subject = "restart." + stream + ".{entityType}";
		List<String> ids = Accounts.ids("k-", 200);
		NatsEventPublisher killedPublisher = NatsEventPublisher.builder(server.url())
			.stream(stream)
			.subject(subject)
			.build();
		killedPublisher.prepareStream();
		CrashingPublisher first = new CrashingPublisher(killedPublisher);
		// the 10th batch is acknowledged by JetStream, and the process "dies" before the
		// offset is committed
		CompletableFuture<Integer> held = first.holdAfterAcknowledgement(10);
		try (StreamReader reader = new StreamReader(server, stream, false)) {
			EgoEngine engine = engine(first);
			Accounts.open(engine, ids);
			CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(() -> credit(engine, ids, 40));
			int acknowledgedNotCommitted = held.get(30, TimeUnit.SECONDS);

			// kill: the connection goes away with whatever the other worker has in
			// flight, then the engine stops
			killedPublisher.close();
			first.kill();
			engine.close();
			int creditsBeforeKill = writing.get();
			long headAtKill = this.events.headPosition();
			long committedAtKill = this.offsets.load("nats").stream().mapToLong(Offset::position).min().orElse(0);
			int readAtKill = reader.count();

			try (NatsEventPublisher second = NatsEventPublisher.builder(server.url())
				.stream(stream)
				.subject(subject)
				.build(); EgoEngine restarted = engine(second)) {
				assertThat(Accounts.credit(restarted, ids, 5, 4, false)).isEqualTo(1_000);
				Map<String, Long> highest = Accounts.highest(this.events, ids);
				reader.awaitEvery(highest, Duration.ofSeconds(60));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(restarted.projections().status("nats").lagEvents()).isZero());
				StreamReader.Check check = reader.check(highest);
				System.out.printf(
						"[restart] stopped with %d events in the journal (%d credits), lowest committed position %d, "
								+ "%d messages read, a batch of %d acknowledged but not committed; after restart: %s; "
								+ "JetStream dropped %d duplicate(s) of the new publisher%n",
						headAtKill, creditsBeforeKill, committedAtKill, readAtKill, acknowledgedNotCommitted,
						check.summary(), second.duplicatesDropped());

				assertThat(committedAtKill).isLessThan(headAtKill);
				assertThat(check.missing()).isEmpty();
				assertThat(check.outOfOrder()).isEmpty();
				assertThat(check.inconsistent()).isEmpty();
				assertThat(check.duplicates()).isZero();
				assertThat(check.records()).isEqualTo(check.expected());
				assertThat(second.duplicatesDropped()).isGreaterThanOrEqualTo(acknowledgedNotCommitted);
				assertThat(restarted.projections().deadLetters("nats", 10)).isEmpty();
			}
		}
		finally {
			ConcurrentPublishingTests.delete(server, stream);
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
			.eventPublisher("nats", publisher, SETTINGS)
			.build();
	}

	private static int credit(EgoEngine engine, List<String> ids, int rounds) {
		try {
			return Accounts.credit(engine, ids, rounds, 4, true);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Publishes through a {@link NatsEventPublisher}, and can simulate a crash right
	 * after JetStream acknowledged a batch: that call never returns successfully, so the
	 * engine never commits the batch's offset.
	 */
	private static final class CrashingPublisher implements EventPublisher {

		private final NatsEventPublisher delegate;

		private final AtomicInteger calls = new AtomicInteger();

		private final CompletableFuture<Integer> held = new CompletableFuture<>();

		private final CountDownLatch killed = new CountDownLatch(1);

		private volatile int holdAt = -1;

		CrashingPublisher(NatsEventPublisher delegate) {
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
				throw new IOException("publisher killed after JetStream acknowledged " + events.size() + " event(s)");
			}
		}

		@Override
		public boolean isPoison(Exception failure) {
			return this.delegate.isPoison(failure);
		}

	}

}
