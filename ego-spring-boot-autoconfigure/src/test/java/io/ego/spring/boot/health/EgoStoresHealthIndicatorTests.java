package io.ego.spring.boot.health;

import java.util.List;
import java.util.Map;

import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import org.assertj.core.api.InstanceOfAssertFactories;
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

	/**
	 * An event store whose database cannot be reached.
	 */
	static final class UnreachableEventStore implements EventStore {

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
