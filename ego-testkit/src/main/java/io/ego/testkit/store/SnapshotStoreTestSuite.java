package io.ego.testkit.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.SnapshotStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link SnapshotStore} must honour, as JUnit tests. Extend it and
 * return an empty store from {@link #createStore()}, which runs before each test. Write
 * times are truncated to milliseconds, the precision a store must keep.
 *
 * @author eGo team
 * @since 0.1.0
 */
public abstract class SnapshotStoreTestSuite {

	/** The entity type of the snapshots the suite writes. */
	protected static final String ENTITY_TYPE = "tck-account";

	/** The state type of the snapshots the suite writes. */
	protected static final String STATE_TYPE = "ego.tck.AccountState";

	private @Nullable SnapshotStore store;

	/**
	 * Creates the suite; the store is created before each test by {@link #createStore()}.
	 */
	protected SnapshotStoreTestSuite() {
	}

	/**
	 * Creates the store under test; called before each test.
	 * @return an empty store
	 */
	protected abstract SnapshotStore createStore();

	@BeforeEach
	final void createEmptySnapshotStore() {
		this.store = Objects.requireNonNull(createStore(), "createStore() returned null");
	}

	/**
	 * Returns the store of the running test.
	 * @return the store
	 */
	protected final SnapshotStore store() {
		return Objects.requireNonNull(this.store, "the store is created before each test");
	}

	@Test
	protected void latestIsNullForAnEntityWithoutSnapshots() {
		assertThat(store().latest(persistenceId("unknown"))).isNull();
	}

	@Test
	protected void aSavedSnapshotKeepsAllItsFields() {
		String id = persistenceId("a");
		byte[] binary = new byte[256];
		for (int i = 0; i < binary.length; i++) {
			binary[i] = (byte) (255 - i);
		}
		SnapshotRecord snapshot = new SnapshotRecord(id, ENTITY_TYPE, 42, STATE_TYPE, binary,
				Instant.parse("2024-02-29T23:59:58.123Z"), "key-2024-01");
		store().save(snapshot);
		assertSameSnapshot(store().latest(id), snapshot);

		String other = persistenceId("b");
		SnapshotRecord empty = new SnapshotRecord(other, ENTITY_TYPE, 1, STATE_TYPE, new byte[0],
				Instant.parse("1999-12-31T23:59:59.999Z"), null);
		store().save(empty);
		assertSameSnapshot(store().latest(other), empty);
	}

	@Test
	protected void latestIsTheSnapshotWithTheHighestSequenceNr() {
		String id = persistenceId("a");
		store().save(snapshot(id, 5, "five"));
		store().save(snapshot(id, 3, "three"));
		store().save(snapshot(id, 7, "seven"));
		store().save(snapshot(id, 6, "six"));

		assertSameSnapshot(store().latest(id), snapshot(id, 7, "seven"));
	}

	@Test
	protected void savingTheSameSequenceNrAgainReplacesTheSnapshot() {
		String id = persistenceId("a");
		store().save(snapshot(id, 4, "first"));
		SnapshotRecord replacement = new SnapshotRecord(id, ENTITY_TYPE, 4, "ego.tck.OtherState",
				"second".getBytes(StandardCharsets.UTF_8), now().plusSeconds(1), "key-2");

		store().save(replacement);

		assertSameSnapshot(store().latest(id), replacement);
	}

	@Test
	protected void deleteUpToDeletesUpToTheSequenceNrInclusive() {
		String id = persistenceId("a");
		store().save(snapshot(id, 2, "two"));
		store().save(snapshot(id, 4, "four"));
		store().save(snapshot(id, 6, "six"));

		store().deleteUpTo(id, 1);
		assertSameSnapshot(store().latest(id), snapshot(id, 6, "six"));

		store().deleteUpTo(id, 4);
		assertSameSnapshot(store().latest(id), snapshot(id, 6, "six"));

		store().deleteUpTo(id, 6);
		assertThat(store().latest(id)).as("latest after deleting up to the latest snapshot").isNull();
	}

	@Test
	protected void deleteUpToKeepsNothingBelowTheSequenceNr() {
		String id = persistenceId("a");
		store().save(snapshot(id, 2, "two"));
		store().save(snapshot(id, 4, "four"));

		store().deleteUpTo(id, 5);
		assertThat(store().latest(id)).isNull();

		store().save(snapshot(id, 3, "three"));
		assertSameSnapshot(store().latest(id), snapshot(id, 3, "three"));
	}

	@Test
	protected void snapshotsOfEntitiesAreIndependent() {
		String a = persistenceId("a");
		String b = persistenceId("b");
		store().save(snapshot(a, 3, "a3"));
		store().save(snapshot(b, 9, "b9"));
		store().save(snapshot(b, 2, "b2"));

		assertSameSnapshot(store().latest(a), snapshot(a, 3, "a3"));
		assertSameSnapshot(store().latest(b), snapshot(b, 9, "b9"));

		store().deleteUpTo(b, Long.MAX_VALUE);
		assertThat(store().latest(b)).isNull();
		assertSameSnapshot(store().latest(a), snapshot(a, 3, "a3"));

		store().deleteUpTo(persistenceId("unknown"), Long.MAX_VALUE);
		assertSameSnapshot(store().latest(a), snapshot(a, 3, "a3"));
	}

	@Test
	protected void saveRejectsAnIllFormedPersistenceIdOrTypeAndWritesNothing() {
		String prefix = persistenceId("");
		for (String illFormed : IllFormedIds.of(prefix)) {
			IllFormedIds.assertRejected("save", illFormed, () -> store().save(snapshot(illFormed, 1, "ill-formed")));
		}
		assertThat(store().latest(IllFormedIds.collidingWithTheFirst(prefix))).isNull();
		String id = persistenceId("a");
		SnapshotRecord valid = snapshot(id, 1, "valid");
		for (String illFormed : IllFormedIds.of("tck.")) {
			IllFormedIds.assertRejected("save of a snapshot with an ill-formed entity type", illFormed, () -> store()
				.save(new SnapshotRecord(id, illFormed, 1, STATE_TYPE, valid.payload(), valid.writeTime(), null)));
			IllFormedIds.assertRejected("save of a snapshot with an ill-formed state type", illFormed, () -> store()
				.save(new SnapshotRecord(id, ENTITY_TYPE, 1, illFormed, valid.payload(), valid.writeTime(), null)));
			IllFormedIds.assertRejected("save of a snapshot with an ill-formed key id", illFormed, () -> store().save(
					new SnapshotRecord(id, ENTITY_TYPE, 1, STATE_TYPE, valid.payload(), valid.writeTime(), illFormed)));
		}
		assertThat(store().latest(id)).isNull();
	}

	@Test
	protected void latestAndDeleteUpToRejectAnIllFormedPersistenceIdInsteadOfMatchingAnotherEntity() {
		String prefix = persistenceId("");
		SnapshotRecord colliding = snapshot(IllFormedIds.collidingWithTheFirst(prefix), 3, "colliding");
		store().save(colliding);
		for (String illFormed : IllFormedIds.of(prefix)) {
			IllFormedIds.assertRejected("latest", illFormed, () -> store().latest(illFormed));
			IllFormedIds.assertRejected("deleteUpTo", illFormed, () -> store().deleteUpTo(illFormed, Long.MAX_VALUE));
		}
		assertSameSnapshot(store().latest(colliding.persistenceId()), colliding);
	}

	@Test
	protected void snapshotsAfterListsEverySnapshotByPersistenceIdAndSequenceNrInPages() {
		String a = persistenceId("list-a");
		String b = persistenceId("list-b");
		store().save(snapshot(b, 3, "b3"));
		store().save(snapshot(a, 7, "a7"));
		store().save(snapshot(a, 2, "a2"));

		List<SnapshotRecord> all = store().snapshotsAfter("", 0, 10);
		assertThat(all).extracting((s) -> s.persistenceId() + "@" + s.sequenceNr())
			.containsExactly(a + "@2", a + "@7", b + "@3");
		assertSameSnapshot(all.get(2), snapshot(b, 3, "b3"));
		assertThat(store().snapshotsAfter(a, 2, 1)).extracting(SnapshotRecord::sequenceNr).containsExactly(7L);
		assertThat(store().snapshotsAfter(a, 7, 10)).extracting(SnapshotRecord::persistenceId).containsExactly(b);
		assertThat(store().snapshotsAfter(b, 3, 10)).isEmpty();
	}

	/**
	 * Returns the persistence id of an entity of {@link #ENTITY_TYPE}.
	 * @param entityId the entity id
	 * @return the persistence id
	 */
	protected static String persistenceId(String entityId) {
		return ENTITY_TYPE + "|" + entityId;
	}

	/**
	 * Creates a snapshot whose payload is a text, written at a fixed time.
	 * @param persistenceId the entity
	 * @param sequenceNr the sequence number
	 * @param text the payload
	 * @return the snapshot
	 */
	protected static SnapshotRecord snapshot(String persistenceId, long sequenceNr, String text) {
		return new SnapshotRecord(persistenceId, ENTITY_TYPE, sequenceNr, STATE_TYPE,
				text.getBytes(StandardCharsets.UTF_8), Instant.parse("2025-01-01T00:00:00Z").plusMillis(sequenceNr),
				null);
	}

	/**
	 * Asserts that a stored snapshot has all the fields of the saved one.
	 * @param actual the stored snapshot
	 * @param expected the saved snapshot
	 */
	protected static void assertSameSnapshot(@Nullable SnapshotRecord actual, SnapshotRecord expected) {
		String what = expected.persistenceId() + "@" + expected.sequenceNr();
		assertThat(actual).as("snapshot %s", what).isNotNull();
		Objects.requireNonNull(actual);
		assertThat(actual.persistenceId()).as("persistenceId of %s", what).isEqualTo(expected.persistenceId());
		assertThat(actual.entityType()).as("entityType of %s", what).isEqualTo(expected.entityType());
		assertThat(actual.sequenceNr()).as("sequenceNr of %s", what).isEqualTo(expected.sequenceNr());
		assertThat(actual.stateType()).as("stateType of %s", what).isEqualTo(expected.stateType());
		assertThat(actual.payload()).as("payload of %s", what).isEqualTo(expected.payload());
		assertThat(actual.writeTime()).as("writeTime of %s", what).isEqualTo(expected.writeTime());
		assertThat(actual.keyId()).as("keyId of %s", what).isEqualTo(expected.keyId());
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

}
