package io.ego.testkit.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract every {@link OffsetStore} must honour, as JUnit tests: offsets, worker
 * leases (acquisition, expiry, takeover with a higher fencing token, renewal, release)
 * and fenced compare-and-set commits, also under contention. Extend it and return an
 * empty store from {@link #createStore()}, which runs before each test. Update and lease
 * times are truncated to milliseconds, the precision a store must keep; partitions are
 * lower-case ASCII so that every collation orders them alike.
 *
 * @author eGo team
 * @since 0.1.0
 */
public abstract class OffsetStoreTestSuite {

	private @Nullable OffsetStore store;

	/**
	 * Creates the suite; the store is created before each test by {@link #createStore()}.
	 */
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
	protected void aConsumerIsPausedUntilResumedAndPausesOfConsumersAreIndependent() {
		Instant at = Instant.parse("2024-05-01T10:00:00Z");
		assertThat(store().paused("projection-a")).isFalse();

		store().setPaused("projection-a", true, at);
		store().setPaused("projection-a", true, at.plusSeconds(1));

		assertThat(store().paused("projection-a")).isTrue();
		assertThat(store().paused("projection-b")).isFalse();
		store().setPaused("projection-a", false, at.plusSeconds(2));
		assertThat(store().paused("projection-a")).isFalse();
		store().setPaused("projection-a", false, at.plusSeconds(3));
		assertThat(store().paused("projection-a")).isFalse();
	}

	@Test
	protected void aPauseOutlivesDeletingTheConsumersOffsetsAndIsNoOffsetOfIt() {
		store().save(offset("projection-a", "0-1023", 7));
		store().setPaused("projection-a", true, Instant.parse("2024-05-01T10:00:00Z"));

		assertThat(store().load("projection-a")).extracting(Offset::partition).containsExactly("0-1023");
		store().delete("projection-a");

		assertThat(store().paused("projection-a")).isTrue();
		assertThat(store().load("projection-a")).isEmpty();
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

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final Duration LEASE = Duration.ofSeconds(10);

	@Test
	protected void aFreeLeaseIsAcquiredWithAPositiveTokenAndListed() {
		Lease lease = store().acquire("projection-a", "0-511", "node-1", T0, LEASE);

		assertThat(lease).isNotNull();
		assertThat(lease.consumer()).isEqualTo("projection-a");
		assertThat(lease.partition()).isEqualTo("0-511");
		assertThat(lease.owner()).isEqualTo("node-1");
		assertThat(lease.token()).isPositive();
		assertThat(lease.expiresAt()).isEqualTo(T0.plus(LEASE));
		assertThat(store().leases("projection-a")).containsExactly(lease);
		assertThat(store().leases("projection-b")).isEmpty();
		assertThat(store().load("projection-a")).as("a lease is no offset").isEmpty();
	}

	@Test
	protected void anotherOwnerCannotAcquireAnUnexpiredLease() {
		Lease held = acquired("projection-a", "0-511", "node-1", T0);

		assertThat(store().acquire("projection-a", "0-511", "node-2", T0.plus(LEASE).minusMillis(1), LEASE)).isNull();
		assertThat(store().leases("projection-a")).containsExactly(held);
		assertThat(store().acquire("projection-a", "512-1023", "node-2", T0, LEASE)).isNotNull();
	}

	@Test
	protected void anExpiredLeaseIsTakenOverWithAHigherToken() {
		Lease first = acquired("projection-a", "0-511", "node-1", T0);

		Lease second = store().acquire("projection-a", "0-511", "node-2", T0.plus(LEASE), LEASE);

		assertThat(second).isNotNull();
		assertThat(second.owner()).isEqualTo("node-2");
		assertThat(second.token()).isGreaterThan(first.token());
		assertThat(store().leases("projection-a")).containsExactly(second);
		assertThat(store().renew(first, T0.plus(LEASE), LEASE)).as("the former holder's renewal").isNull();
	}

	@Test
	protected void theHolderAcquiringAgainGetsAHigherToken() {
		Lease first = acquired("projection-a", "0-511", "node-1", T0);

		Lease again = acquired("projection-a", "0-511", "node-1", T0.plusSeconds(1));

		assertThat(again.token()).isGreaterThan(first.token());
		assertThat(store().renew(first, T0.plusSeconds(2), LEASE)).as("the earlier holding").isNull();
	}

	@Test
	protected void renewingExtendsAHeldLeaseWithItsTokenEvenOnceExpired() {
		Lease lease = acquired("projection-a", "0-511", "node-1", T0);

		Lease renewed = present(store().renew(lease, T0.plusSeconds(5), LEASE), "the renewal");
		assertThat(renewed).isEqualTo(new Lease("projection-a", "0-511", "node-1", lease.token(), T0.plusSeconds(15)));
		assertThat(store().acquire("projection-a", "0-511", "node-2", T0.plusSeconds(12), LEASE)).isNull();

		Lease late = store().renew(renewed, T0.plusSeconds(20), LEASE);
		assertThat(late).as("expired but taken by nobody").isNotNull();
		assertThat(late.token()).isEqualTo(lease.token());
		assertThat(store().leases("projection-a")).containsExactly(late);
	}

	@Test
	protected void aReleasedLeaseIsAcquiredAtOnceAndReleasingAgainChangesNothing() {
		Lease first = acquired("projection-a", "0-511", "node-1", T0);

		store().release(first);
		assertThat(store().leases("projection-a")).isEmpty();
		Lease second = store().acquire("projection-a", "0-511", "node-2", T0.plusSeconds(1), LEASE);
		assertThat(second).isNotNull();
		assertThat(second.token()).isGreaterThan(first.token());

		store().release(first);
		assertThat(store().leases("projection-a")).containsExactly(second);
		assertThat(store().renew(second, T0.plusSeconds(2), LEASE)).isNotNull();
	}

	@Test
	protected void leasesAreListedByPartitionExpiredOnesIncluded() {
		Lease b = acquired("projection-a", "512-1023", "node-2", T0);
		Lease a = acquired("projection-a", "0-511", "node-1", T0.minusSeconds(60));
		store().acquire("projection-b", "0-1023", "node-1", T0, LEASE);

		assertThat(store().leases("projection-a")).containsExactly(a, b);
	}

	@Test
	protected void aCommitMovesTheOffsetOnlyFromTheExpectedPosition() {
		Lease lease = acquired("projection-a", "0-511", "node-1", T0);

		assertThat(store().commit(lease, 5, offset("projection-a", "0-511", 7))).as("nothing stored yet").isFalse();
		assertThat(store().get("projection-a", "0-511")).isNull();
		assertThat(store().commit(lease, OffsetStore.NO_OFFSET, offset("projection-a", "0-511", 7))).isTrue();
		assertThat(store().get("projection-a", "0-511")).isEqualTo(offset("projection-a", "0-511", 7));
		assertThat(store().commit(lease, OffsetStore.NO_OFFSET, offset("projection-a", "0-511", 9))).isFalse();
		assertThat(store().commit(lease, 6, offset("projection-a", "0-511", 9))).isFalse();
		assertThat(store().commit(lease, 7, offset("projection-a", "0-511", 12))).isTrue();
		assertThat(store().commit(lease, 7, offset("projection-a", "0-511", 13))).as("the same batch again").isFalse();
		assertThat(store().get("projection-a", "0-511")).isEqualTo(offset("projection-a", "0-511", 12));
		assertThat(store().load("projection-a")).containsExactly(offset("projection-a", "0-511", 12));
	}

	@Test
	protected void aCommitFollowsAnOffsetSavedMeanwhile() {
		Lease lease = acquired("projection-a", "0-511", "node-1", T0);
		store().save(offset("projection-a", "0-511", 3));

		assertThat(store().commit(lease, OffsetStore.NO_OFFSET, offset("projection-a", "0-511", 4))).isFalse();
		assertThat(store().commit(lease, 3, offset("projection-a", "0-511", 4))).isTrue();
		store().save(offset("projection-a", "0-511", 0)); // a rebuild
		assertThat(store().commit(lease, 4, offset("projection-a", "0-511", 5))).isFalse();
		assertThat(store().get("projection-a", "0-511")).isEqualTo(offset("projection-a", "0-511", 0));
	}

	@Test
	protected void aCommitUnderALeaseTakenOverIsRefusedAndOneUnderAnExpiredLeaseIsNot() {
		Lease first = acquired("projection-a", "0-511", "node-1", T0);
		assertThat(store().commit(first, OffsetStore.NO_OFFSET, offset("projection-a", "0-511", 2))).isTrue();
		assertThat(store().commit(first, 2, offset("projection-a", "0-511", 3))).as("expired, taken by nobody")
			.isTrue();

		Lease second = acquired("projection-a", "0-511", "node-2", T0.plus(LEASE).plusSeconds(1));
		assertThat(store().commit(first, 3, offset("projection-a", "0-511", 4))).isFalse();
		assertThat(store().get("projection-a", "0-511")).isEqualTo(offset("projection-a", "0-511", 3));
		assertThat(store().commit(second, 3, offset("projection-a", "0-511", 4))).isTrue();

		store().release(second);
		assertThat(store().commit(second, 4, offset("projection-a", "0-511", 5))).as("released").isFalse();
		Lease forged = new Lease("projection-a", "0-511", "node-2", second.token() + 100, second.expiresAt());
		assertThat(store().commit(forged, 4, offset("projection-a", "0-511", 5))).isFalse();
	}

	@Test
	protected void aCommitNeverMovesAnOffsetBackwardsNorUnderAnotherPartitionsLease() {
		Lease lease = acquired("projection-a", "0-511", "node-1", T0);
		store().save(offset("projection-a", "0-511", 10));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> store().commit(lease, 10, offset("projection-a", "0-511", 9)))
			.withMessageContaining("10")
			.withMessageContaining("9");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store().commit(lease, 10, offset("projection-a", "512-1023", 11)))
			.withMessageContaining("512-1023");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> store().commit(lease, 10, offset("projection-b", "0-511", 11)))
			.withMessageContaining("projection-b");
		assertThat(store().get("projection-a", "0-511")).isEqualTo(offset("projection-a", "0-511", 10));
	}

	@Test
	protected void deletingOffsetsKeepsLeasesAndACommitStartsAgainFromNoOffset() {
		Lease lease = acquired("projection-a", "0-511", "node-1", T0);
		store().commit(lease, OffsetStore.NO_OFFSET, offset("projection-a", "0-511", 5));

		store().delete("projection-a");

		assertThat(store().leases("projection-a")).containsExactly(lease);
		assertThat(store().commit(lease, 5, offset("projection-a", "0-511", 6))).isFalse();
		assertThat(store().commit(lease, OffsetStore.NO_OFFSET, offset("projection-a", "0-511", 6))).isTrue();
	}

	@Test
	protected void ofConcurrentCommitsFromOnePositionExactlyOneWins() {
		Lease lease = acquired("projection-a", "0-511", "node-1", T0);
		store().commit(lease, OffsetStore.NO_OFFSET, offset("projection-a", "0-511", 1));
		int threads = 8;
		try (ConcurrentRunner runner = new ConcurrentRunner(threads, Duration.ofSeconds(60))) {
			for (int round = 1; round <= 10; round++) {
				long from = round;
				List<Boolean> outcomes = runner
					.runAll((i) -> () -> store().commit(lease, from, offset("projection-a", "0-511", from + 1)));
				assertThat(outcomes).as("round %d", round).containsOnlyOnce(true);
			}
		}
		assertThat(present(store().get("projection-a", "0-511"), "the offset").position()).isEqualTo(11);
	}

	@Test
	protected void ofConcurrentAcquisitionsOfAFreeLeaseExactlyOneWins() {
		int threads = 8;
		try (ConcurrentRunner runner = new ConcurrentRunner(threads, Duration.ofSeconds(60))) {
			for (int round = 0; round < 5; round++) {
				String partition = "p" + round;
				List<Lease> leases = runner
					.runAll((i) -> () -> store().acquire("projection-a", partition, "node-" + i, T0, LEASE));
				assertThat(leases.stream().filter(Objects::nonNull).toList()).as("round %d", round).hasSize(1);
			}
		}
		assertThat(store().leases("projection-a")).hasSize(5);
	}

	/**
	 * Acquires a lease that the test expects the store to grant, failing the test when it
	 * does not.
	 * @param consumer the consumer
	 * @param partition the partition
	 * @param owner the instance acquiring it
	 * @param now the time of acquisition
	 * @return the lease, for {@link #LEASE}
	 */
	private Lease acquired(String consumer, String partition, String owner, Instant now) {
		return present(store().acquire(consumer, partition, owner, now, LEASE),
				"the lease on " + consumer + " " + partition + " for " + owner + " at " + now);
	}

	private static <T> T present(@Nullable T value, String description) {
		assertThat(value).as(description).isNotNull();
		return value;
	}

	@Test
	protected void consumersListsEveryConsumerWithAnOffset() {
		store().save(offset("zeta", "0-1023", 3));
		store().save(offset("alpha", "0-511", 1));
		store().save(offset("alpha", "512-1023", 2));

		assertThat(store().consumers()).containsExactly("alpha", "zeta");
		store().delete("zeta");
		assertThat(store().consumers()).containsExactly("alpha");
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
