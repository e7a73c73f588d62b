package io.ego.testkit.store;

import java.time.Instant;
import java.util.Objects;

import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link OffsetStore} must honour, as JUnit tests. Extend it and return an empty store from
 * {@link #createStore()}, which runs before each test. Update times are truncated to milliseconds, the precision
 * a store must keep; partitions are lower-case ASCII so that every collation orders them alike.
 *
 * @author eGo team
 * @since 0.1.0
 */
public abstract class OffsetStoreTestSuite {

	private @Nullable OffsetStore store;

	/** Creates the suite; the store is created before each test by {@link #createStore()}. */
	protected OffsetStoreTestSuite() {
	}

	/**
	 * Creates the store under test; called before each test.
	 * @return an empty store
	 */
	protected abstract OffsetStore createStore();

	@BeforeEach
	final void createEmptyOffsetStore() {
		this.store = Objects.requireNonNull(createStore(), "createStore() returned null");
	}

	/**
	 * Returns the store of the running test.
	 * @return the store
	 */
	protected final OffsetStore store() {
		return Objects.requireNonNull(this.store, "the store is created before each test");
	}

	@Test
	protected void nothingIsStoredForAnUnknownConsumer() {
		assertThat(store().get("unknown", "0-1023")).isNull();
		assertThat(store().load("unknown")).isEmpty();
	}

	@Test
	protected void aSavedOffsetIsReturned() {
		Offset offset = offset("projection-a", "0-511", 42);
		store().save(offset);

		assertThat(store().get("projection-a", "0-511")).isEqualTo(offset);
		assertThat(store().get("projection-a", "512-1023")).isNull();
		assertThat(store().load("projection-a")).containsExactly(offset);
	}

	@Test
	protected void offsetsKeepZeroAndLargePositionsAndTheirUpdateTime() {
		Offset zero = new Offset("projection-a", "a", 0, Instant.parse("1999-12-31T23:59:59.999Z"));
		Offset large = new Offset("projection-a", "b", Long.MAX_VALUE - 1, Instant.parse("2024-02-29T23:59:58.123Z"));
		store().save(zero);
		store().save(large);

		assertThat(store().get("projection-a", "a")).isEqualTo(zero);
		assertThat(store().get("projection-a", "b")).isEqualTo(large);
	}

	@Test
	protected void savingAgainReplacesTheOffset() {
		store().save(offset("projection-a", "0-1023", 10));
		Offset later = offset("projection-a", "0-1023", 25);

		store().save(later);

		assertThat(store().get("projection-a", "0-1023")).isEqualTo(later);
		assertThat(store().load("projection-a")).containsExactly(later);
	}

	@Test
	protected void loadReturnsTheConsumersOffsetsOrderedByPartition() {
		Offset b = offset("projection-a", "512-767", 3);
		Offset a = offset("projection-a", "0-255", 1);
		Offset d = offset("projection-a", "768-1023", 4);
		Offset c = offset("projection-a", "256-511", 2);
		store().save(b);
		store().save(a);
		store().save(d);
		store().save(c);

		assertThat(store().load("projection-a")).containsExactly(a, c, b, d);
	}

	@Test
	protected void deleteRemovesAllOffsetsOfTheConsumerOnly() {
		store().save(offset("projection-a", "0-511", 1));
		store().save(offset("projection-a", "512-1023", 2));
		Offset other = offset("projection-b", "0-511", 3);
		store().save(other);

		store().delete("projection-a");

		assertThat(store().load("projection-a")).isEmpty();
		assertThat(store().get("projection-a", "0-511")).isNull();
		assertThat(store().load("projection-b")).containsExactly(other);
		store().delete("unknown");
		assertThat(store().load("projection-b")).containsExactly(other);
	}

	@Test
	protected void offsetsOfConsumersAreIndependent() {
		Offset a = offset("projection-a", "0-1023", 7);
		Offset b = offset("projection-b", "0-1023", 9);
		store().save(a);
		store().save(b);
		Offset a2 = offset("projection-a", "0-1023", 8);
		store().save(a2);

		assertThat(store().get("projection-a", "0-1023")).isEqualTo(a2);
		assertThat(store().get("projection-b", "0-1023")).isEqualTo(b);
		assertThat(store().load("projection-b")).containsExactly(b);
	}

	@Test
	protected void saveRejectsAnIllFormedConsumerOrPartitionAndWritesNothing() {
		for (String illFormed : IllFormedIds.of("projection-")) {
			IllFormedIds.assertRejected("save of an offset of a consumer", illFormed,
					() -> store().save(offset(illFormed, "0-1023", 1)));
		}
		for (String illFormed : IllFormedIds.of("p-")) {
			IllFormedIds.assertRejected("save of an offset of a partition", illFormed,
					() -> store().save(offset("projection-a", illFormed, 1)));
		}
		assertThat(store().load(IllFormedIds.collidingWithTheFirst("projection-"))).isEmpty();
		assertThat(store().load("projection-a")).isEmpty();
	}

	@Test
	protected void readsAndDeleteRejectAnIllFormedConsumerOrPartitionInsteadOfMatchingAnotherOne() {
		Offset consumer = offset(IllFormedIds.collidingWithTheFirst("projection-"), "0-1023", 7);
		Offset partition = offset("projection-a", IllFormedIds.collidingWithTheFirst("p-"), 9);
		store().save(consumer);
		store().save(partition);
		for (String illFormed : IllFormedIds.of("projection-")) {
			IllFormedIds.assertRejected("get of the offset of a consumer", illFormed,
					() -> store().get(illFormed, "0-1023"));
			IllFormedIds.assertRejected("load", illFormed, () -> store().load(illFormed));
			IllFormedIds.assertRejected("delete", illFormed, () -> store().delete(illFormed));
		}
		for (String illFormed : IllFormedIds.of("p-")) {
			IllFormedIds.assertRejected("get of the offset of a partition", illFormed,
					() -> store().get("projection-a", illFormed));
		}
		assertThat(store().load(consumer.consumer())).containsExactly(consumer);
		assertThat(store().load("projection-a")).containsExactly(partition);
	}

	/**
	 * Creates an offset updated at a time derived from its position.
	 * @param consumer the consumer
	 * @param partition the partition
	 * @param position the position
	 * @return the offset
	 */
	protected static Offset offset(String consumer, String partition, long position) {
		return new Offset(consumer, partition, position, Instant.parse("2025-01-01T00:00:00Z").plusMillis(position));
	}

}
