package io.ego.core.publisher;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.test.bank.AccountCredited;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishers driven from the journal: outages are outlasted, poison events are isolated
 * and dead-lettered.
 */
class EventPublisherTests {

	private static final ProjectionSettings FAST = ProjectionSettings.defaults()
		.withPullInterval(Duration.ofMillis(20))
		.withParallelism(2)
		.withRecovery(RecoveryPolicy.RETRY_AND_SKIP, 2, Duration.ofMillis(5));

	/** A sink that can be down, and refuses credits of 13 for good. */
	static final class Sink implements EventPublisher {

		final Map<String, List<Long>> received = new ConcurrentHashMap<>();

		final AtomicBoolean down = new AtomicBoolean();

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public void publish(List<EventEnvelope> events) throws Exception {
			this.calls.incrementAndGet();
			if (this.down.get()) {
				throw new IOException("broker unreachable");
			}
			for (EventEnvelope envelope : events) {
				if (envelope.event() instanceof AccountCredited credited && credited.getAmount() == 13) {
					throw new IllegalArgumentException("record too large");
				}
			}
			for (EventEnvelope envelope : events) {
				this.received.computeIfAbsent(envelope.persistenceId(), (k) -> new CopyOnWriteArrayList<>())
					.add(envelope.sequenceNr());
			}
		}

		@Override
		public boolean isPoison(Exception failure) {
			return failure instanceof IllegalArgumentException;
		}

		int total() {
			return this.received.values().stream().mapToInt(List::size).sum();
		}

	}

	@Test
	void anOutageIsOutlastedWithoutLosingOrSkippingEvents() {
		Sink sink = new Sink();
		sink.down.set(true);
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.eventPublisher("sink", sink, FAST)
			.build()) {
			for (int e = 0; e < 20; e++) {
				engine.entity(AccountBehavior.class, "e" + e).askAndWait(open("e" + e, 0));
				for (int c = 1; c <= 5; c++) {
					engine.entity(AccountBehavior.class, "e" + e).askAndWait(credit("e" + e, c));
				}
			}
			await().until(() -> sink.calls.get() > 6);
			ProjectionStatus lagging = engine.projections().status("sink");
			assertThat(lagging.state()).isEqualTo(ProjectionStatus.State.RUNNING);
			assertThat(lagging.lagEvents()).isPositive();
			sink.down.set(false);
			await().atMost(Duration.ofSeconds(20)).until(() -> sink.total() == 120);
			sink.received.values().forEach((sequence) -> assertThat(sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L));
			assertThat(engine.projections().deadLetters("sink", 10)).isEmpty();
			await().untilAsserted(() -> assertThat(engine.projections().status("sink").lagEvents()).isZero());
		}
	}

	@Test
	void aPoisonEventIsDeadLetteredAndTheRestPublishedInOrder() {
		Sink sink = new Sink();
		try (EgoEngine engine = EgoEngine.builder()
			.inMemoryStores()
			.eventSourced("account", new AccountBehavior())
			.eventPublisher("sink", sink, FAST)
			.build()) {
			engine.entity(AccountBehavior.class, "x").askAndWait(open("x", 0));
			for (long amount : new long[] { 1, 13, 2 }) {
				engine.entity(AccountBehavior.class, "x").askAndWait(credit("x", amount));
			}
			await().until(() -> sink.total() == 3);
			assertThat(sink.received.get("account|x")).containsExactly(1L, 2L, 4L);
			assertThat(engine.projections().deadLetters("sink", 10)).singleElement().satisfies((letter) -> {
				assertThat(letter.sequenceNr()).isEqualTo(3);
				assertThat(letter.attempts()).isEqualTo(3);
				assertThat(letter.cause()).contains("record too large");
			});
		}
	}

}
