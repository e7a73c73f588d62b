package io.ego.spring.boot.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoStoresHealthIndicator}.
 */
class EgoStoresHealthIndicatorTests {

	@Test
	void healthIsUpWhenEveryStoreAnswers() {
		Health health = new EgoStoresHealthIndicator(new InMemoryEventStore(), new InMemorySnapshotStore(),
				new InMemoryDurableStateStore(), new InMemoryOffsetStore())
			.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsOnlyKeys("eventStore", "snapshotStore", "durableStateStore",
				"offsetStore");
		assertThat(health.getDetails().get("eventStore"))
			.isEqualTo(Map.of("type", InMemoryEventStore.class.getName(), "status", "UP"));
	}

	@Test
	void healthIsDownWithTheErrorOfTheFailingStore() {
		Health health = new EgoStoresHealthIndicator(new UnreachableEventStore(), new InMemorySnapshotStore(), null,
				null)
			.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsOnlyKeys("eventStore", "snapshotStore");
		assertThat(health.getDetails().get("eventStore"))
			.isEqualTo(Map.of("type", UnreachableEventStore.class.getName(), "status", "DOWN", "error",
					StoreException.class.getName() + ": connection refused"));
		assertThat(health.getDetails().get("snapshotStore")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("status", "UP");
	}

	@Test
	void healthIsDownWithinTheBoundNamingTheStoreThatDoesNotAnswer() throws Exception {
		BlockingEventStore blocked = new BlockingEventStore();
		EgoStoresHealthIndicator indicator = new EgoStoresHealthIndicator(blocked, new InMemorySnapshotStore(),
				new InMemoryDurableStateStore(), new InMemoryOffsetStore(), Duration.ofMillis(200),
				Function.identity());
		try {
			long start = System.nanoTime();
			Health health = indicator.health();
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("eventStore")).isEqualTo(Map.of("type",
					BlockingEventStore.class.getName(), "status", "DOWN", "error", "no answer within 200ms"));
			assertThat(health.getDetails().get("snapshotStore")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("status", "UP");
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(blocked.reads).hasValue(1);
		}
		finally {
			blocked.release.countDown();
		}
		blocked.finished.await();
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		// the answer is the blocked probe's, when it had not yet returned to the
		// indicator
		// (then no second probe is started beside it), or a new probe's
		assertThat(blocked.reads.get()).isBetween(1, 2);
	}

	@Test
	void storesThatDoNotAnswerAreWaitedForConcurrentlyUnderOneDeadline() {
		CountDownLatch release = new CountDownLatch(1);
		BlockingEventStore events = new BlockingEventStore(release);
		BlockingDurableStateStore states = new BlockingDurableStateStore(release);
		EgoStoresHealthIndicator indicator = new EgoStoresHealthIndicator(events, null, states, null,
				Duration.ofMillis(300), Function.identity());
		try {
			long start = System.nanoTime();
			Health health = indicator.health();
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			// sequential probes would take at least twice the bound
			assertThat(elapsed).isLessThan(Duration.ofMillis(600));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("eventStore")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("error", "no answer within 300ms");
			assertThat(health.getDetails().get("durableStateStore")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("error", "no answer within 300ms");
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void storesOnOneResourceAreProbedOnce() {
		Object dataSource = new Object();
		UnreachableEventStore events = new UnreachableEventStore();
		BlockingDurableStateStore states = new BlockingDurableStateStore(new CountDownLatch(0));
		Health health = new EgoStoresHealthIndicator(events, null, states, new InMemoryOffsetStore(),
				Duration.ofSeconds(2), (store) -> (store instanceof InMemoryOffsetStore) ? store : dataSource)
			.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(events.reads).hasValue(1);
		assertThat(states.reads).hasValue(0);
		assertThat(health.getDetails().get("durableStateStore"))
			.isEqualTo(Map.of("type", BlockingDurableStateStore.class.getName(), "status", "DOWN", "error",
					StoreException.class.getName() + ": connection refused"));
		assertThat(health.getDetails().get("offsetStore")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("status", "UP");
	}

	/**
	 * An event store whose first read waits for a latch (a pool waiting for a
	 * connection).
	 */
	static final class BlockingEventStore implements EventStore {

		final CountDownLatch release;

		final CountDownLatch finished = new CountDownLatch(1);

		final AtomicInteger reads = new AtomicInteger();

		private final InMemoryEventStore delegate = new InMemoryEventStore();

		BlockingEventStore() {
			this(new CountDownLatch(1));
		}

		BlockingEventStore(CountDownLatch release) {
			this.release = release;
		}

		@Override
		public long headPosition() {
			if (this.reads.incrementAndGet() == 1) {
				await(this.release);
				this.finished.countDown();
			}
			return this.delegate.headPosition();
		}

		@Override
		public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
			this.delegate.append(persistenceId, expectedSequenceNr, events);
		}

		@Override
		public List<PersistedEvent> replay(String persistenceId, long fromSequenceNr, long toSequenceNr, int limit) {
			return this.delegate.replay(persistenceId, fromSequenceNr, toSequenceNr, limit);
		}

		@Override
		public long highestSequenceNr(String persistenceId) {
			return this.delegate.highestSequenceNr(persistenceId);
		}

		@Override
		public List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
			return this.delegate.eventsAfter(afterPosition, minSlice, maxSlice, limit);
		}

		@Override
		public void deleteEvents(String persistenceId, long toSequenceNr, long maxPosition) {
			this.delegate.deleteEvents(persistenceId, toSequenceNr, maxPosition);
		}

	}

	/**
	 * A durable-state store that counts its reads and makes them wait for a latch.
	 */
	static final class BlockingDurableStateStore implements DurableStateStore {

		final AtomicInteger reads = new AtomicInteger();

		private final CountDownLatch release;

		private final InMemoryDurableStateStore delegate = new InMemoryDurableStateStore();

		BlockingDurableStateStore(CountDownLatch release) {
			this.release = release;
		}

		@Override
		public @Nullable DurableStateRecord get(String persistenceId) {
			this.reads.incrementAndGet();
			await(this.release);
			return this.delegate.get(persistenceId);
		}

		@Override
		public void upsert(DurableStateRecord state) {
			this.delegate.upsert(state);
		}

		@Override
		public void delete(String persistenceId) {
			this.delegate.delete(persistenceId);
		}

	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * An event store whose database cannot be reached.
	 */
	static final class UnreachableEventStore implements EventStore {

		final AtomicInteger reads = new AtomicInteger();

		@Override
		public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
			throw unreachable();
		}

		@Override
		public List<PersistedEvent> replay(String persistenceId, long fromSequenceNr, long toSequenceNr, int limit) {
			throw unreachable();
		}

		@Override
		public long highestSequenceNr(String persistenceId) {
			throw unreachable();
		}

		@Override
		public List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
			throw unreachable();
		}

		@Override
		public long headPosition() {
			this.reads.incrementAndGet();
			throw unreachable();
		}

		@Override
		public void deleteEvents(String persistenceId, long toSequenceNr, long maxPosition) {
			throw unreachable();
		}

		private static StoreException unreachable() {
			return new StoreException("connection refused");
		}

	}

}
