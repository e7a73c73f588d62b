package io.ego.testkit.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateChanges;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.RevisionConflictException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link DurableStateStore} must honour, as JUnit tests. Extend it and
 * return an empty store from {@link #createStore()}, which runs before each test. Write
 * times are truncated to milliseconds, the precision a store must keep.
 *
 * @author eGo team
 * @since 0.1.0
 */
public abstract class DurableStateStoreTestSuite {

	/** The entity type of the states the suite writes. */
	protected static final String ENTITY_TYPE = "tck-counter";

	/** The state type of the states the suite writes. */
	protected static final String STATE_TYPE = "ego.tck.CounterState";

	private @Nullable DurableStateStore store;

	/**
	 * Creates the suite; the store is created before each test by {@link #createStore()}.
	 */
	protected DurableStateStoreTestSuite() {
	}

	/**
	 * Creates the store under test; called before each test.
	 * @return an empty store
	 */
	protected abstract DurableStateStore createStore();

	@BeforeEach
	final void createEmptyDurableStateStore() {
		this.store = Objects.requireNonNull(createStore(), "createStore() returned null");
	}

	/**
	 * Returns the store of the running test.
	 * @return the store
	 */
	protected final DurableStateStore store() {
		return Objects.requireNonNull(this.store, "the store is created before each test");
	}

	/**
	 * Returns the change feed of the running test's store; the tests of the change feed
	 * are skipped (as assumptions that do not hold) for a store that has none, i.e. does
	 * not implement {@link DurableStateChanges}.
	 * @return the store, as its change feed
	 */
	protected final DurableStateChanges changes() {
		DurableStateStore current = store();
		Assumptions.assumeTrue(current instanceof DurableStateChanges,
				() -> current.getClass().getName() + " has no change feed (DurableStateChanges)");
		return (DurableStateChanges) current;
	}

	/**
	 * Returns how long a written state may take to appear in the change feed: a store
	 * with a visibility horizon (PostgreSQL's, held back by any transaction running in
	 * the cluster) returns a committed write only once every older transaction finished.
	 * @return the time, 10 seconds by default
	 */
	protected Duration visibilityTimeout() {
		return Duration.ofSeconds(10);
	}

	/**
	 * Returns how many writers the concurrency test runs.
	 * @return the number of writers, {@code 8} by default
	 */
	protected int concurrency() {
		return 8;
	}

	@Test
	protected void getIsNullForAnEntityNeverWritten() {
		assertThat(store().get(persistenceId("unknown"))).isNull();
	}

	@Test
	protected void theFirstWriteIsRevisionOne() {
		String id = persistenceId("a");
		DurableStateRecord first = state(id, 1, "one");

		store().upsert(first);

		assertSameState(store().get(id), first);
	}

	@Test
	protected void aWrittenStateKeepsAllItsFields() {
		String id = persistenceId("a");
		byte[] binary = new byte[256];
		for (int i = 0; i < binary.length; i++) {
			binary[i] = (byte) i;
		}
		DurableStateRecord rich = new DurableStateRecord(id, ENTITY_TYPE, 1, PersistedEvent.sliceOf(id), STATE_TYPE,
				binary, Instant.parse("2024-02-29T23:59:58.123Z"), "key-2024-01");
		store().upsert(rich);
		assertSameState(store().get(id), rich);

		DurableStateRecord empty = new DurableStateRecord(id, ENTITY_TYPE, 2, PersistedEvent.sliceOf(id),
				"ego.tck.OtherState", new byte[0], Instant.parse("1999-12-31T23:59:59.999Z"), null);
		store().upsert(empty);
		assertSameState(store().get(id), empty);
	}

	@Test
	protected void aWriteWithTheNextRevisionReplacesTheState() {
		String id = persistenceId("a");
		store().upsert(state(id, 1, "one"));
		store().upsert(state(id, 2, "two"));
		assertSameState(store().get(id), state(id, 2, "two"));

		store().upsert(state(id, 3, "three"));
		assertSameState(store().get(id), state(id, 3, "three"));
	}

	@Test
	protected void aWriteNotFollowingTheStoredRevisionConflictsAndChangesNothing() {
		String id = persistenceId("a");
		store().upsert(state(id, 1, "one"));
		store().upsert(state(id, 2, "two"));
		store().upsert(state(id, 3, "three"));

		assertThatThrownBy(() -> store().upsert(state(id, 3, "duplicate")))
			.isInstanceOfSatisfying(RevisionConflictException.class, (ex) -> {
				assertThat(ex.persistenceId()).isEqualTo(id);
				assertThat(ex.expectedRevision()).isEqualTo(2);
			});
		assertThatThrownBy(() -> store().upsert(state(id, 2, "stale"))).isInstanceOf(RevisionConflictException.class);
		assertThatThrownBy(() -> store().upsert(state(id, 5, "ahead"))).isInstanceOf(RevisionConflictException.class);
		assertThatThrownBy(() -> store().upsert(state(id, 1, "insert over an existing row")))
			.isInstanceOf(RevisionConflictException.class);

		assertSameState(store().get(id), state(id, 3, "three"));
	}

	@Test
	protected void aFirstWriteWithALaterRevisionConflicts() {
		String id = persistenceId("a");

		assertThatThrownBy(() -> store().upsert(state(id, 2, "no row")))
			.isInstanceOfSatisfying(RevisionConflictException.class, (ex) -> {
				assertThat(ex.persistenceId()).isEqualTo(id);
				assertThat(ex.expectedRevision()).isEqualTo(1);
			});

		assertThat(store().get(id)).isNull();
	}

	@Test
	protected void deleteRemovesTheState() {
		String id = persistenceId("a");
		store().upsert(state(id, 1, "one"));
		store().upsert(state(id, 2, "two"));

		store().delete(id);

		assertThat(store().get(id)).isNull();
	}

	@Test
	protected void afterADeleteTheFirstWriteIsRevisionOneAgain() {
		String id = persistenceId("a");
		store().upsert(state(id, 1, "one"));
		store().upsert(state(id, 2, "two"));
		store().delete(id);

		assertThatThrownBy(() -> store().upsert(state(id, 3, "after delete")))
			.isInstanceOf(RevisionConflictException.class);
		store().upsert(state(id, 1, "new one"));

		assertSameState(store().get(id), state(id, 1, "new one"));
	}

	@Test
	protected void deleteOfAnUnknownEntityDoesNothing() {
		String id = persistenceId("a");
		store().upsert(state(id, 1, "one"));

		store().delete(persistenceId("unknown"));

		assertThat(store().get(persistenceId("unknown"))).isNull();
		assertSameState(store().get(id), state(id, 1, "one"));
	}

	@Test
	protected void upsertRejectsAnIllFormedPersistenceIdOrTypeAndWritesNothing() {
		String prefix = persistenceId("");
		for (String illFormed : IllFormedIds.of(prefix)) {
			IllFormedIds.assertRejected("upsert", illFormed, () -> store().upsert(state(illFormed, 1, "ill-formed")));
		}
		assertThat(store().get(IllFormedIds.collidingWithTheFirst(prefix))).isNull();
		String id = persistenceId("a");
		DurableStateRecord valid = state(id, 1, "valid");
		for (String illFormed : IllFormedIds.of("tck.")) {
			IllFormedIds.assertRejected("upsert of a state with an ill-formed entity type", illFormed,
					() -> store().upsert(new DurableStateRecord(id, illFormed, 1, valid.slice(), STATE_TYPE,
							valid.payload(), valid.writeTime(), null)));
			IllFormedIds.assertRejected("upsert of a state with an ill-formed state type", illFormed,
					() -> store().upsert(new DurableStateRecord(id, ENTITY_TYPE, 1, valid.slice(), illFormed,
							valid.payload(), valid.writeTime(), null)));
			IllFormedIds.assertRejected("upsert of a state with an ill-formed key id", illFormed,
					() -> store().upsert(new DurableStateRecord(id, ENTITY_TYPE, 1, valid.slice(), STATE_TYPE,
							valid.payload(), valid.writeTime(), illFormed)));
		}
		assertThat(store().get(id)).isNull();
		store().upsert(valid);
		assertSameState(store().get(id), valid);
	}

	@Test
	protected void getAndDeleteRejectAnIllFormedPersistenceIdInsteadOfMatchingAnotherEntity() {
		String prefix = persistenceId("");
		DurableStateRecord colliding = state(IllFormedIds.collidingWithTheFirst(prefix), 1, "colliding");
		store().upsert(colliding);
		for (String illFormed : IllFormedIds.of(prefix)) {
			IllFormedIds.assertRejected("get", illFormed, () -> store().get(illFormed));
			IllFormedIds.assertRejected("delete", illFormed, () -> store().delete(illFormed));
		}
		assertSameState(store().get(colliding.persistenceId()), colliding);
	}

	@Test
	protected void statesOfEntitiesAreIndependent() {
		String a = persistenceId("a");
		String b = persistenceId("b");
		store().upsert(state(a, 1, "a1"));
		store().upsert(state(b, 1, "b1"));
		store().upsert(state(b, 2, "b2"));

		assertSameState(store().get(a), state(a, 1, "a1"));
		assertSameState(store().get(b), state(b, 2, "b2"));

		store().delete(b);
		assertThat(store().get(b)).isNull();
		assertSameState(store().get(a), state(a, 1, "a1"));
	}

	@Test
	@Timeout(120)
	protected void onlyOneOfConcurrentWritesWithTheSameRevisionWins() {
		String id = persistenceId("contended");
		try (ConcurrentRunner runner = new ConcurrentRunner(concurrency(), Duration.ofSeconds(90))) {
			for (long revision = 1; revision <= 10; revision++) {
				long next = revision;
				List<Boolean> won = runner.runAll((writer) -> () -> {
					try {
						store().upsert(state(id, next, "r" + next + "-w" + writer));
						return true;
					}
					catch (RevisionConflictException ex) {
						return false;
					}
				});
				assertThat(won.stream().filter(Boolean::booleanValue).count())
					.as("writes of revision %d that won", revision)
					.isEqualTo(1);
				assertSameState(store().get(id), state(id, revision, "r" + revision + "-w" + won.indexOf(true)));
			}
		}
	}

	@Test
	protected void theChangeFeedHoldsTheLatestStateOfEachEntityInPositionOrder() {
		long start = changes().changesHeadPosition();
		String a = persistenceId("feed-a");
		String b = persistenceId("feed-b");
		store().upsert(state(a, 1, "a1"));
		store().upsert(state(b, 1, "b1"));
		store().upsert(state(a, 2, "a2"));
		awaitInChangeFeed(start, a, 2);

		List<DurableStateChange> changes = changes().changesAfter(start, 0, PersistedEvent.SLICE_COUNT - 1, 100);
		assertThat(changes).extracting((change) -> change.state().persistenceId()).containsExactly(b, a);
		assertSameState(changes.get(0).state(), state(b, 1, "b1"));
		assertSameState(changes.get(1).state(), state(a, 2, "a2"));
		assertThat(changes.get(0).position()).isGreaterThan(start).isLessThan(changes.get(1).position());
		assertThat(changes().changesHeadPosition()).isEqualTo(changes.get(1).position());

		assertThat(changes().changesAfter(changes.get(0).position(), 0, PersistedEvent.SLICE_COUNT - 1, 100))
			.extracting((change) -> change.state().revision())
			.containsExactly(2L);
		assertThat(changes().changesAfter(start, 0, PersistedEvent.SLICE_COUNT - 1, 1)).hasSize(1);
		assertThat(changes().changesAfter(changes.get(1).position(), 0, PersistedEvent.SLICE_COUNT - 1, 100)).isEmpty();

		store().upsert(state(b, 2, "b2"));
		awaitInChangeFeed(changes.get(1).position(), b, 2);
		List<DurableStateChange> later = changes().changesAfter(changes.get(1).position(), 0,
				PersistedEvent.SLICE_COUNT - 1, 100);
		assertThat(later).singleElement().satisfies((change) -> assertSameState(change.state(), state(b, 2, "b2")));
	}

	@Test
	protected void theChangeFeedIsReadBySliceRangeAndLeavesOutDeletedStates() {
		long start = changes().changesHeadPosition();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String id = persistenceId("slices-" + i);
			ids.add(id);
			store().upsert(state(id, 1, "s" + i));
		}
		awaitInChangeFeed(start, ids.get(ids.size() - 1), 1);
		int all = PersistedEvent.SLICE_COUNT - 1;
		int half = PersistedEvent.SLICE_COUNT / 2;
		List<DurableStateChange> low = changes().changesAfter(start, 0, half - 1, 100);
		List<DurableStateChange> high = changes().changesAfter(start, half, all, 100);
		assertThat(low).allSatisfy((change) -> assertThat(change.state().slice()).isLessThan(half));
		assertThat(high).allSatisfy((change) -> assertThat(change.state().slice()).isGreaterThanOrEqualTo(half));
		assertThat(low.size() + high.size()).isEqualTo(20);
		String single = ids.get(7);
		int slice = PersistedEvent.sliceOf(single);
		assertThat(changes().changesAfter(start, slice, slice, 100))
			.extracting((change) -> change.state().persistenceId())
			.contains(single)
			.allSatisfy((id) -> assertThat(PersistedEvent.sliceOf(id)).isEqualTo(slice));

		store().delete(single);
		assertThat(changes().changesAfter(start, 0, all, 100)).hasSize(19)
			.extracting((change) -> change.state().persistenceId())
			.doesNotContain(single);
	}

	@Test
	@Timeout(120)
	protected void aReaderTailingTheChangeFeedWhileWritersRunNeverMissesTheLatestState() throws Exception {
		int entitiesPerWriter = 5;
		int revisions = 20;
		long start = changes().changesHeadPosition();
		Map<String, Long> seen = new ConcurrentHashMap<>();
		List<String> problems = new CopyOnWriteArrayList<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		try (ConcurrentRunner runner = new ConcurrentRunner(concurrency() + 1, Duration.ofSeconds(90))) {
			Future<Long> reader = runner.start(() -> {
				long offset = start;
				while (writing.get()) {
					long read = readChanges(offset, seen, problems);
					if (read == offset) {
						Thread.sleep(1);
					}
					offset = read;
				}
				// the writers are done: read on until the latest state of every entity
				// arrived
				long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
				while (!allLatest(seen, entitiesPerWriter * concurrency(), revisions) && System.nanoTime() < deadline) {
					offset = readChanges(offset, seen, problems);
					Thread.sleep(10);
				}
				return offset;
			});
			List<Future<Object>> writers = new ArrayList<>();
			for (int w = 0; w < concurrency(); w++) {
				int writer = w;
				writers.add(runner.start(() -> {
					for (int revision = 1; revision <= revisions; revision++) {
						for (int e = 0; e < entitiesPerWriter; e++) {
							store().upsert(state(persistenceId("tail-" + writer + "-" + e), revision, "r" + revision));
						}
					}
					return null;
				}));
			}
			runner.awaitAll(writers);
			writing.set(false);
			runner.awaitAll(List.of(reader));
		}
		assertThat(problems).isEmpty();
		assertThat(seen).hasSize(entitiesPerWriter * concurrency());
		assertThat(seen.values()).allSatisfy((revision) -> assertThat(revision).isEqualTo(revisions));
	}

	private long readChanges(long offset, Map<String, Long> seen, List<String> problems) {
		List<DurableStateChange> changes = changes().changesAfter(offset, 0, PersistedEvent.SLICE_COUNT - 1, 50);
		long position = offset;
		for (DurableStateChange change : changes) {
			if (change.position() <= position) {
				problems.add("position " + change.position() + " after " + position);
			}
			position = change.position();
			DurableStateRecord state = change.state();
			Long previous = seen.put(state.persistenceId(), state.revision());
			if (previous != null && previous >= state.revision()) {
				problems.add(state.persistenceId() + ": revision " + state.revision() + " after " + previous);
			}
		}
		return position;
	}

	/**
	 * Waits until the change feed after a position holds a revision of an entity, for
	 * stores with a visibility horizon; writes made before it (by the same thread) are
	 * then visible too, since the feed is gap-free.
	 * @param afterPosition the position to read after
	 * @param persistenceId the entity
	 * @param revision the revision
	 * @throws AssertionError when it does not appear within {@link #visibilityTimeout()}
	 */
	protected void awaitInChangeFeed(long afterPosition, String persistenceId, long revision) {
		long deadline = System.nanoTime() + visibilityTimeout().toNanos();
		while (changes().changesAfter(afterPosition, 0, PersistedEvent.SLICE_COUNT - 1, 1000)
			.stream()
			.noneMatch((change) -> change.state().persistenceId().equals(persistenceId)
					&& change.state().revision() == revision)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(persistenceId + "@" + revision + " did not appear in the change feed after "
						+ afterPosition + " within " + visibilityTimeout());
			}
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for " + persistenceId + "@" + revision, ex);
			}
		}
	}

	private static boolean allLatest(Map<String, Long> seen, int entities, long revision) {
		return seen.size() == entities && seen.values().stream().allMatch((r) -> r == revision);
	}

	@Test
	protected void restoreWritesACopiedStateAtItsRevisionAndLaterWritesFollowIt() {
		String id = persistenceId("restored");
		DurableStateRecord copied = state(id, 7, "seven");

		store().restore(copied);

		assertSameState(store().get(id), copied);
		assertThatThrownBy(() -> store().restore(state(id, 7, "other"))).isInstanceOf(RevisionConflictException.class);
		assertThatThrownBy(() -> store().upsert(state(id, 7, "again"))).isInstanceOf(RevisionConflictException.class);
		store().upsert(state(id, 8, "eight"));
		assertSameState(store().get(id), state(id, 8, "eight"));
		awaitInChangeFeed(0, id, 8);
	}

	@Test
	protected void restoreFinishesARestoreInterruptedAtRevisionOne() {
		String id = persistenceId("interrupted");
		store().upsert(state(id, 1, "five"));

		store().restore(state(id, 5, "five"));

		assertSameState(store().get(id), state(id, 5, "five"));
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
	 * Creates a state whose payload is a text, written at a time derived from the
	 * revision.
	 * @param persistenceId the entity
	 * @param revision the revision
	 * @param text the payload
	 * @return the state
	 */
	protected static DurableStateRecord state(String persistenceId, long revision, String text) {
		return new DurableStateRecord(persistenceId, ENTITY_TYPE, revision, PersistedEvent.sliceOf(persistenceId),
				STATE_TYPE, text.getBytes(StandardCharsets.UTF_8),
				Instant.parse("2025-01-01T00:00:00Z").plusMillis(revision), null);
	}

	/**
	 * Asserts that a stored state has all the fields of the written one.
	 * @param actual the stored state
	 * @param expected the written state
	 */
	protected static void assertSameState(@Nullable DurableStateRecord actual, DurableStateRecord expected) {
		String what = expected.persistenceId() + "@" + expected.revision();
		assertThat(actual).as("state %s", what).isNotNull();
		Objects.requireNonNull(actual);
		assertThat(actual.persistenceId()).as("persistenceId of %s", what).isEqualTo(expected.persistenceId());
		assertThat(actual.entityType()).as("entityType of %s", what).isEqualTo(expected.entityType());
		assertThat(actual.revision()).as("revision of %s", what).isEqualTo(expected.revision());
		assertThat(actual.slice()).as("slice of %s", what).isEqualTo(expected.slice());
		assertThat(actual.stateType()).as("stateType of %s", what).isEqualTo(expected.stateType());
		assertThat(new String(actual.payload(), StandardCharsets.ISO_8859_1)).as("payload of %s", what)
			.isEqualTo(new String(expected.payload(), StandardCharsets.ISO_8859_1));
		assertThat(actual.writeTime()).as("writeTime of %s", what).isEqualTo(expected.writeTime());
		assertThat(actual.keyId()).as("keyId of %s", what).isEqualTo(expected.keyId());
	}

}
