package io.ego.testkit.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.ego.core.store.AppendConflictException;
import io.ego.core.store.EntityAppend;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract every {@link EventStore} must honour, as JUnit tests. Extend it and return
 * an empty store from {@link #createStore()}, which runs before each test:
 *
 * <pre class="code">
 * class JdbcEventStoreTests extends EventStoreTestSuite {
 *
 * 	&#64;Override
 * 	protected EventStore createStore() {
 * 		truncateJournal();
 * 		return new JdbcEventStore(dataSource);
 * 	}
 *
 * }
 * </pre>
 *
 * The tests do not assume that positions start at {@code 1} or are contiguous, only that
 * they are positive, unique and increase in commit order. Write times are truncated to
 * milliseconds, the precision a store must keep. A store whose {@code eventsAfter} lags
 * behind appends (a visibility horizon) passes as long as the events become visible
 * within {@link #visibilityTimeout()}. Subclasses can add tests with the protected
 * helpers, and tune the concurrency tests with {@link #concurrency()} and
 * {@link #appendsPerWriter()}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public abstract class EventStoreTestSuite {

	/** The entity type of the events the suite writes. */
	protected static final String ENTITY_TYPE = "tck-account";

	/**
	 * The event type of the events the suite writes: their payload is a
	 * {@link StringValue} tag.
	 */
	protected static final String EVENT_TYPE = StringValue.getDescriptor().getFullName();

	/** The highest slice. */
	protected static final int MAX_SLICE = PersistedEvent.SLICE_COUNT - 1;

	private static final int PAGE = 100;

	private @Nullable EventStore store;

	/**
	 * Creates the suite; the store is created before each test by {@link #createStore()}.
	 */
	protected EventStoreTestSuite() {
	}

	/**
	 * Creates the store under test; called before each test.
	 * @return an empty store
	 */
	protected abstract EventStore createStore();

	@BeforeEach
	final void createEmptyEventStore() {
		this.store = Objects.requireNonNull(createStore(), "createStore() returned null");
	}

	/**
	 * Returns the store of the running test.
	 * @return the store
	 */
	protected final EventStore store() {
		return Objects.requireNonNull(this.store, "the store is created before each test");
	}

	/**
	 * Returns how many writer threads the concurrency tests run.
	 * @return the number of writers, {@code 8} by default
	 */
	protected int concurrency() {
		return 8;
	}

	/**
	 * Returns how many appends each writer of the concurrency tests does.
	 * @return the number of appends, {@code 50} by default
	 */
	protected int appendsPerWriter() {
		return 50;
	}

	/**
	 * Returns how long an appended event may take to become visible to
	 * {@link EventStore#eventsAfter}.
	 * @return the timeout, 10 seconds by default
	 */
	protected Duration visibilityTimeout() {
		return Duration.ofSeconds(10);
	}

	// ---------------------------------------------------------------------------------------------------------
	// append and replay
	// ---------------------------------------------------------------------------------------------------------

	@Test
	protected void anEmptyStoreHasNoEvents() {
		assertThat(store().headPosition()).as("headPosition of an empty store").isZero();
		assertThat(store().eventsAfter(0, 0, MAX_SLICE, 10)).as("eventsAfter(0) of an empty store").isEmpty();
		assertThat(store().highestSequenceNr(persistenceId("unknown"))).isZero();
		assertThat(store().replay(persistenceId("unknown"), 1, Long.MAX_VALUE, 10)).isEmpty();
	}

	@Test
	protected void appendedEventsAreReplayedInSequenceOrder() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 3));
		store().append(id, 3, events(id, 4, 2));

		List<PersistedEvent> replayed = replayAll(id);
		assertThat(replayed).extracting(PersistedEvent::sequenceNr).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(replayed).extracting(EventStoreTestSuite::tagOf)
			.containsExactly(tag(id, 1), tag(id, 2), tag(id, 3), tag(id, 4), tag(id, 5));
		assertThat(replayed).allSatisfy((event) -> {
			assertThat(event.persistenceId()).isEqualTo(id);
			assertThat(event.entityType()).isEqualTo(ENTITY_TYPE);
			assertThat(event.eventType()).isEqualTo(EVENT_TYPE);
		});
		assertThat(store().highestSequenceNr(id)).isEqualTo(5);
	}

	@Test
	protected void replayForRecoveryReturnsWhatRecoveryReads() {
		String id = persistenceId("recovery");
		store().append(id, 0, events(id, 1, 5));
		List<PersistedEvent> full = store().replay(id, 2, 4, 10);
		List<PersistedEvent> forRecovery = store().replayForRecovery(id, 2, 4, 10);
		assertThat(forRecovery).hasSameSizeAs(full);
		for (int i = 0; i < full.size(); i++) {
			PersistedEvent expected = full.get(i);
			PersistedEvent actual = forRecovery.get(i);
			assertThat(actual.persistenceId()).isEqualTo(expected.persistenceId());
			assertThat(actual.entityType()).isEqualTo(expected.entityType());
			assertThat(actual.sequenceNr()).isEqualTo(expected.sequenceNr());
			assertThat(actual.eventType()).isEqualTo(expected.eventType());
			assertThat(actual.payload()).isEqualTo(expected.payload());
			assertThat(actual.keyId()).isEqualTo(expected.keyId());
			assertThat(actual.metadata()).isEqualTo(expected.metadata());
		}
		assertThat(store().replayForRecovery(id, 1, Long.MAX_VALUE, 2)).extracting(PersistedEvent::sequenceNr)
			.containsExactly(1L, 2L);
	}

	@Test
	protected void appendedEventsKeepAllTheirFields() {
		String id = persistenceId("fields");
		Instant writeTime = Instant.parse("2024-02-29T23:59:58.123Z");
		byte[] binary = new byte[256];
		for (int i = 0; i < binary.length; i++) {
			binary[i] = (byte) i;
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		metadata.put("correlation-id", "c-42");
		metadata.put("note", "ünïcødé ✓ \"quoted\" 'single' \\ back");
		metadata.put("empty", "");
		PersistedEvent rich = new PersistedEvent(id, ENTITY_TYPE, 1, 0, PersistedEvent.sliceOf(id), "ego.tck.RichEvent",
				binary, writeTime, metadata, "key-2024-01");
		PersistedEvent bare = new PersistedEvent(id, ENTITY_TYPE, 2, 0, PersistedEvent.sliceOf(id),
				"ego.tck.EmptyEvent", new byte[0], writeTime.plusMillis(1), Map.of(), null);
		store().append(id, 0, List.of(rich, bare));

		List<PersistedEvent> replayed = replayAll(id);
		assertThat(replayed).hasSize(2);
		assertSameEvent(replayed.get(0), rich);
		assertSameEvent(replayed.get(1), bare);

		awaitVisible(replayed.get(1).position());
		List<PersistedEvent> read = readAll();
		assertThat(read).hasSize(2);
		assertSameEvent(read.get(0), rich);
		assertSameEvent(read.get(1), bare);
		assertThat(read.get(0).position()).isEqualTo(replayed.get(0).position());
		assertThat(read.get(1).position()).isEqualTo(replayed.get(1).position());
	}

	@Test
	protected void appendsAssignPositivePositionsIncreasingInAppendOrder() {
		String a = persistenceId("a");
		String b = persistenceId("b");
		String c = persistenceId("c");
		store().append(a, 0, events(a, 1, 2));
		store().append(b, 0, events(b, 1, 3));
		store().append(a, 2, events(a, 3, 2));
		store().append(c, 0, events(c, 1, 1));

		List<PersistedEvent> inAppendOrder = new ArrayList<>();
		List<PersistedEvent> eventsOfA = replayAll(a);
		inAppendOrder.addAll(eventsOfA.subList(0, 2));
		inAppendOrder.addAll(replayAll(b));
		inAppendOrder.addAll(eventsOfA.subList(2, 4));
		inAppendOrder.addAll(replayAll(c));
		assertThat(inAppendOrder).hasSize(8);
		assertThat(inAppendOrder)
			.allSatisfy((event) -> assertThat(event.position()).as("position of %s", event).isPositive());
		assertStrictlyIncreasingPositions(inAppendOrder);
	}

	@Test
	protected void appendWithAStaleExpectedSequenceNrConflictsAndWritesNothing() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 3));
		List<PersistedEvent> before = replayAll(id);
		awaitVisible(last(before).position());
		List<PersistedEvent> journalBefore = readAll();

		assertThatThrownBy(() -> store().append(id, 0, List.of(event(id, 1, "stale"))))
			.isInstanceOfSatisfying(AppendConflictException.class, (ex) -> {
				assertThat(ex.persistenceId()).isEqualTo(id);
				assertThat(ex.expectedSequenceNr()).isZero();
			});
		assertThatThrownBy(() -> store().append(id, 2,
				List.of(event(id, 3, "stale-3"), event(id, 4, "stale-4"), event(id, 5, "stale-5"))))
			.isInstanceOfSatisfying(AppendConflictException.class,
					(ex) -> assertThat(ex.expectedSequenceNr()).isEqualTo(2));

		assertThat(replayAll(id)).as("the entity's history after conflicting appends").isEqualTo(before);
		assertThat(store().highestSequenceNr(id)).isEqualTo(3);
		assertThat(readAll()).as("the journal after conflicting appends").isEqualTo(journalBefore);
	}

	@Test
	protected void appendWithAnExpectedSequenceNrBeyondTheHistoryConflicts() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 2));
		String unknown = persistenceId("unknown");

		assertThatThrownBy(() -> store().append(id, 4, List.of(event(id, 5, "ahead"))))
			.isInstanceOf(AppendConflictException.class);
		assertThatThrownBy(() -> store().append(unknown, 1, List.of(event(unknown, 2, "ahead"))))
			.isInstanceOf(AppendConflictException.class);

		assertThat(replayAll(id)).extracting(PersistedEvent::sequenceNr).containsExactly(1L, 2L);
		assertThat(store().highestSequenceNr(id)).isEqualTo(2);
		assertThat(replayAll(unknown)).isEmpty();
		assertThat(store().highestSequenceNr(unknown)).isZero();
	}

	@Test
	protected void appendRejectsEventsThatDoNotContinueTheHistory() {
		String id = persistenceId("a");
		String other = persistenceId("other");
		store().append(id, 0, events(id, 1, 2));
		List<PersistedEvent> before = replayAll(id);

		Map<String, List<PersistedEvent>> invalid = new LinkedHashMap<>();
		invalid.put("a gap before the first event", List.of(event(id, 4, "gap")));
		invalid.put("a first event repeating the last one", List.of(event(id, 2, "repeat")));
		invalid.put("a gap inside the batch", List.of(event(id, 3, "ok"), event(id, 5, "gap")));
		invalid.put("a duplicate inside the batch", List.of(event(id, 3, "ok"), event(id, 3, "duplicate")));
		invalid.put("an event of another entity", List.of(event(id, 3, "ok"), event(other, 4, "foreign")));
		invalid.forEach((description, events) -> {
			assertThatThrownBy(() -> store().append(id, 2, events)).as("append of %s", description)
				.isInstanceOfAny(IllegalArgumentException.class, StoreException.class);
			assertThat(replayAll(id)).as("the history after the rejected append of %s", description).isEqualTo(before);
		});
		assertThat(store().highestSequenceNr(id)).isEqualTo(2);
		assertThat(replayAll(other)).isEmpty();
		assertThat(store().highestSequenceNr(other)).isZero();
	}

	@Test
	protected void appendOfNoEventsIsRejected() {
		String id = persistenceId("a");
		assertThatThrownBy(() -> store().append(id, 0, List.of())).isInstanceOfAny(IllegalArgumentException.class,
				StoreException.class);
		assertThat(store().highestSequenceNr(id)).isZero();
	}

	@Test
	protected void appendRejectsAnIllFormedPersistenceIdAndWritesNothing() {
		String prefix = persistenceId("");
		for (String illFormed : IllFormedIds.of(prefix)) {
			IllFormedIds.assertRejected("append", illFormed,
					() -> store().append(illFormed, 0, events(illFormed, 1, 2)));
		}
		String colliding = IllFormedIds.collidingWithTheFirst(prefix);
		assertThat(store().highestSequenceNr(colliding)).isZero();
		assertThat(replayAll(colliding)).isEmpty();
		assertThat(store().headPosition()).as("headPosition after the rejected appends").isZero();
	}

	@Test
	protected void appendRejectsAnEventWithAnIllFormedEntityTypeEventTypeOrKeyIdAndWritesNothing() {
		String id = persistenceId("a");
		PersistedEvent first = event(id, 1, "valid");
		for (String illFormed : IllFormedIds.of("tck.")) {
			Map<String, PersistedEvent> invalid = new LinkedHashMap<>();
			invalid.put("entity type", new PersistedEvent(id, illFormed, 2, 0, first.slice(), EVENT_TYPE,
					first.payload(), first.writeTime(), first.metadata(), null));
			invalid.put("event type", new PersistedEvent(id, ENTITY_TYPE, 2, 0, first.slice(), illFormed,
					first.payload(), first.writeTime(), first.metadata(), null));
			invalid.put("key id", new PersistedEvent(id, ENTITY_TYPE, 2, 0, first.slice(), EVENT_TYPE, first.payload(),
					first.writeTime(), first.metadata(), illFormed));
			invalid
				.forEach((field, event) -> IllFormedIds.assertRejected("append of an event with an ill-formed " + field,
						illFormed, () -> store().append(id, 0, List.of(first, event))));
		}
		assertThat(replayAll(id)).as("the history after the rejected appends").isEmpty();
		assertThat(store().highestSequenceNr(id)).isZero();
	}

	@Test
	protected void readsAndDeletesRejectAnIllFormedPersistenceIdInsteadOfMatchingAnotherEntity() {
		String prefix = persistenceId("");
		String colliding = IllFormedIds.collidingWithTheFirst(prefix);
		store().append(colliding, 0, events(colliding, 1, 2));
		List<PersistedEvent> history = replayAll(colliding);
		for (String illFormed : IllFormedIds.of(prefix)) {
			IllFormedIds.assertRejected("replay", illFormed, () -> store().replay(illFormed, 1, Long.MAX_VALUE, 10));
			IllFormedIds.assertRejected("replayForRecovery", illFormed,
					() -> store().replayForRecovery(illFormed, 1, Long.MAX_VALUE, 10));
			IllFormedIds.assertRejected("highestSequenceNr", illFormed, () -> store().highestSequenceNr(illFormed));
			IllFormedIds.assertRejected("deleteEvents", illFormed,
					() -> store().deleteEvents(illFormed, Long.MAX_VALUE, Long.MAX_VALUE));
		}
		assertThat(replayAll(colliding)).as("the history of '%s'", colliding).isEqualTo(history);
		assertThat(store().highestSequenceNr(colliding)).isEqualTo(2);
	}

	@Test
	protected void replayReturnsAnInclusiveRangeOfTheEntitysEvents() {
		String id = persistenceId("a");
		String other = persistenceId("b");
		store().append(id, 0, events(id, 1, 4));
		store().append(other, 0, events(other, 1, 3));
		store().append(id, 4, events(id, 5, 6));

		assertThat(sequenceNrs(store().replay(id, 3, 7, 100))).containsExactly(3L, 4L, 5L, 6L, 7L);
		assertThat(sequenceNrs(store().replay(id, 1, 1, 100))).containsExactly(1L);
		assertThat(sequenceNrs(store().replay(id, 0, 2, 100))).containsExactly(1L, 2L);
		assertThat(sequenceNrs(store().replay(id, 10, Long.MAX_VALUE, 100))).containsExactly(10L);
		assertThat(store().replay(id, 11, Long.MAX_VALUE, 100)).isEmpty();
		assertThat(store().replay(id, 7, 3, 100)).isEmpty();
		assertThat(store().replay(id, 1, Long.MAX_VALUE, 100))
			.allSatisfy((event) -> assertThat(event.persistenceId()).isEqualTo(id));
	}

	@Test
	protected void replayPagesWithALimit() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 10));

		assertThat(sequenceNrs(store().replay(id, 1, Long.MAX_VALUE, 4))).containsExactly(1L, 2L, 3L, 4L);
		assertThat(sequenceNrs(store().replay(id, 5, Long.MAX_VALUE, 4))).containsExactly(5L, 6L, 7L, 8L);
		assertThat(sequenceNrs(store().replay(id, 9, Long.MAX_VALUE, 4))).containsExactly(9L, 10L);
		assertThat(sequenceNrs(store().replay(id, 2, 3, 1))).containsExactly(2L);
	}

	@Test
	protected void highestSequenceNrIsZeroForAnUnknownEntityAndFollowsAppends() {
		String id = persistenceId("a");
		assertThat(store().highestSequenceNr(id)).isZero();
		store().append(id, 0, events(id, 1, 1));
		assertThat(store().highestSequenceNr(id)).isEqualTo(1);
		store().append(id, 1, events(id, 2, 3));
		assertThat(store().highestSequenceNr(id)).isEqualTo(4);
		assertThat(store().highestSequenceNr(persistenceId("b"))).isZero();
	}

	// ---------------------------------------------------------------------------------------------------------
	// listing and copying (migration)
	// ---------------------------------------------------------------------------------------------------------

	@Test
	protected void persistenceIdsListsEveryEntityWithAHistoryInPages() {
		String a = persistenceId("list-a");
		String b = persistenceId("list-b");
		String c = persistenceId("list-c");
		store().append(b, 0, events(b, 1, 2));
		store().append(a, 0, events(a, 1, 1));
		store().append(c, 0, events(c, 1, 3));
		store().deleteEvents(c, Long.MAX_VALUE, Long.MAX_VALUE);

		assertThat(store().persistenceIds("", 10)).containsExactly(a, b, c);
		assertThat(store().persistenceIds("", 2)).containsExactly(a, b);
		assertThat(store().persistenceIds(b, 2)).as("after the last id of a page").containsExactly(c);
		assertThat(store().persistenceIds(c, 2)).isEmpty();
	}

	@Test
	protected void raiseHighestSequenceNrLetsACopiedHistoryContinueAfterItsDeletedEvents() {
		String id = persistenceId("raised");
		store().raiseHighestSequenceNr(id, 5);
		assertThat(store().highestSequenceNr(id)).isEqualTo(5);
		store().raiseHighestSequenceNr(id, 3);
		assertThat(store().highestSequenceNr(id)).as("never lowered").isEqualTo(5);
		assertThat(store().persistenceIds("", 10)).containsExactly(id);
		assertThatThrownBy(() -> store().append(id, 0, events(id, 1, 1))).isInstanceOf(AppendConflictException.class);

		store().append(id, 5, events(id, 6, 2));

		assertThat(sequenceNrs(replayAll(id))).containsExactly(6L, 7L);
		assertThat(store().highestSequenceNr(id)).isEqualTo(7);
	}

	@Test
	protected void appendAllWritesTheEventsOfEveryEntityAtomicallyEach() {
		List<EntityAppend> appends = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			String id = persistenceId("all-" + i);
			appends.add(new EntityAppend(id, 0, events(id, 1, 3)));
		}
		String earlier = persistenceId("all-earlier");
		store().append(earlier, 0, events(earlier, 1, 2));
		appends.add(new EntityAppend(earlier, 2, events(earlier, 3, 2)));

		store().appendAll(appends);

		for (EntityAppend append : appends) {
			List<PersistedEvent> history = replayAll(append.persistenceId());
			assertThat(history).as("the history of %s", append.persistenceId())
				.extracting(EventStoreTestSuite::tagOf)
				.endsWith(append.events().stream().map(EventStoreTestSuite::tagOf).toArray(String[]::new));
			assertThat(history).extracting(PersistedEvent::position).isSorted().doesNotHaveDuplicates();
		}
		assertThat(sequenceNrs(replayAll(earlier))).containsExactly(1L, 2L, 3L, 4L);
		awaitVisible(last(replayAll(earlier)).position());
		assertThat(readAll()).hasSize(50 * 3 + 4);
	}

	@Test
	protected void appendAllFailsTheAppendThatConflictsAndWritesNothingOfIt() {
		String stale = persistenceId("all-stale");
		store().append(stale, 0, events(stale, 1, 2));
		List<PersistedEvent> before = replayAll(stale);
		String fresh = persistenceId("all-fresh");

		assertThatThrownBy(() -> store().appendAll(List.of(new EntityAppend(fresh, 0, events(fresh, 1, 1)),
				new EntityAppend(stale, 1, List.of(event(stale, 2, "stale-2"))))))
			.isInstanceOfSatisfying(AppendConflictException.class,
					(ex) -> assertThat(ex.persistenceId()).isEqualTo(stale));

		assertThat(replayAll(stale)).as("the history of the entity whose append conflicted").isEqualTo(before);
		long written = store().highestSequenceNr(fresh);
		assertThat(written).as("the other entity's append, written or not, is whole").isIn(0L, 1L);
	}

	@Test
	protected void highestSequenceNrsAnswersEveryEntityLikeHighestSequenceNr() {
		String a = persistenceId("highest-a");
		String b = persistenceId("highest-b");
		store().append(a, 0, events(a, 1, 3));
		store().append(b, 0, events(b, 1, 2));
		store().deleteEvents(b, Long.MAX_VALUE, Long.MAX_VALUE);
		List<String> ids = new ArrayList<>(List.of(a, b));
		for (int i = 0; i < 1_200; i++) {
			ids.add(persistenceId("highest-unknown-" + i));
		}

		Map<String, Long> highest = store().highestSequenceNrs(ids);

		assertThat(highest).hasSize(ids.size()).containsEntry(a, 3L).containsEntry(b, 2L);
		assertThat(highest.get(persistenceId("highest-unknown-1199"))).isZero();
	}

	// ---------------------------------------------------------------------------------------------------------
	// deletion
	// ---------------------------------------------------------------------------------------------------------

	@Test
	protected void deleteEventsDeletesAPrefixAndKeepsTheHighestSequenceNr() {
		String id = persistenceId("a");
		String other = persistenceId("b");
		store().append(id, 0, events(id, 1, 6));
		store().append(other, 0, events(other, 1, 2));
		List<PersistedEvent> otherBefore = replayAll(other);

		store().deleteEvents(id, 4, Long.MAX_VALUE);

		assertThat(sequenceNrs(replayAll(id))).containsExactly(5L, 6L);
		assertThat(store().highestSequenceNr(id)).isEqualTo(6);
		assertThat(replayAll(other)).isEqualTo(otherBefore);
		awaitVisible(last(otherBefore).position());
		assertThat(keys(readAll())).containsExactlyInAnyOrder(id + "#5", id + "#6", other + "#1", other + "#2");
	}

	@Test
	protected void deleteEventsDeletesNothingAbovePosition() {
		String id = persistenceId("a");
		String other = persistenceId("b");
		store().append(id, 0, events(id, 1, 2));
		store().append(other, 0, events(other, 1, 1));
		store().append(id, 2, events(id, 3, 2));
		store().append(other, 1, events(other, 2, 1));
		store().append(id, 4, events(id, 5, 2));
		List<PersistedEvent> history = replayAll(id);

		store().deleteEvents(id, 6, history.get(0).position() - 1);
		assertThat(replayAll(id)).as("after deleting below the first position").isEqualTo(history);

		store().deleteEvents(id, 6, history.get(2).position());
		assertThat(sequenceNrs(replayAll(id))).containsExactly(4L, 5L, 6L);

		store().deleteEvents(id, 5, Long.MAX_VALUE);
		assertThat(sequenceNrs(replayAll(id))).containsExactly(6L);
		assertThat(store().highestSequenceNr(id)).isEqualTo(6);
		assertThat(sequenceNrs(replayAll(other))).containsExactly(1L, 2L);
	}

	@Test
	protected void appendsContinueAfterTheWholeHistoryWasDeleted() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 3));

		store().deleteEvents(id, Long.MAX_VALUE, Long.MAX_VALUE);

		assertThat(replayAll(id)).isEmpty();
		assertThat(store().highestSequenceNr(id)).isEqualTo(3);
		assertThatThrownBy(() -> store().append(id, 0, List.of(event(id, 1, "again"))))
			.isInstanceOf(AppendConflictException.class);
		store().append(id, 3, events(id, 4, 1));
		assertThat(sequenceNrs(replayAll(id))).containsExactly(4L);
		assertThat(store().highestSequenceNr(id)).isEqualTo(4);
	}

	@Test
	protected void deleteEventsOfAnUnknownEntityDoesNothing() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 2));
		store().deleteEvents(persistenceId("unknown"), Long.MAX_VALUE, Long.MAX_VALUE);
		assertThat(sequenceNrs(replayAll(id))).containsExactly(1L, 2L);
		assertThat(store().highestSequenceNr(persistenceId("unknown"))).isZero();
	}

	// ---------------------------------------------------------------------------------------------------------
	// reading by position
	// ---------------------------------------------------------------------------------------------------------

	@Test
	protected void eventsAfterReturnsTheEventsOfAllEntitiesInPositionOrder() {
		String a = persistenceId("a");
		String b = persistenceId("b");
		store().append(a, 0, events(a, 1, 2));
		store().append(b, 0, events(b, 1, 1));
		store().append(a, 2, events(a, 3, 1));
		store().append(b, 1, events(b, 2, 2));
		List<PersistedEvent> eventsOfA = replayAll(a);
		List<PersistedEvent> eventsOfB = replayAll(b);
		List<PersistedEvent> expected = List.of(eventsOfA.get(0), eventsOfA.get(1), eventsOfB.get(0), eventsOfA.get(2),
				eventsOfB.get(1), eventsOfB.get(2));
		awaitVisible(last(eventsOfB).position());

		List<PersistedEvent> read = store().eventsAfter(0, 0, MAX_SLICE, 100);

		assertThat(read).isEqualTo(expected);
		assertStrictlyIncreasingPositions(read);
	}

	@Test
	protected void eventsAfterExcludesTheGivenPosition() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 5));
		List<PersistedEvent> history = replayAll(id);
		awaitVisible(last(history).position());

		assertThat(store().eventsAfter(history.get(1).position(), 0, MAX_SLICE, 100)).isEqualTo(history.subList(2, 5));
		assertThat(store().eventsAfter(history.get(0).position() - 1, 0, MAX_SLICE, 100)).isEqualTo(history);
		assertThat(store().eventsAfter(last(history).position(), 0, MAX_SLICE, 100)).isEmpty();
	}

	@Test
	protected void eventsAfterReturnsAtMostLimitEventsAndPagesThroughTheJournal() {
		String a = persistenceId("a");
		String b = persistenceId("b");
		store().append(a, 0, events(a, 1, 4));
		store().append(b, 0, events(b, 1, 3));
		List<PersistedEvent> expected = new ArrayList<>(replayAll(a));
		expected.addAll(replayAll(b));
		awaitVisible(last(expected).position());

		assertThat(store().eventsAfter(0, 0, MAX_SLICE, 2)).isEqualTo(expected.subList(0, 2));
		assertThat(store().eventsAfter(0, 0, MAX_SLICE, 1)).isEqualTo(expected.subList(0, 1));

		List<PersistedEvent> paged = new ArrayList<>();
		long after = 0;
		for (int pages = 0; pages < 100; pages++) {
			List<PersistedEvent> page = store().eventsAfter(after, 0, MAX_SLICE, 3);
			assertThat(page).as("a page of eventsAfter(%d, limit 3)", after).hasSizeLessThanOrEqualTo(3);
			if (page.isEmpty()) {
				break;
			}
			paged.addAll(page);
			after = last(page).position();
		}
		assertThat(paged).isEqualTo(expected);
	}

	@Test
	protected void eventsAfterReturnsOnlyTheEventsOfTheSliceRange() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			String id = persistenceId("slice-" + i);
			ids.add(id);
			store().append(id, 0, events(id, 1, 2));
		}
		List<PersistedEvent> all = new ArrayList<>();
		ids.forEach((id) -> all.addAll(replayAll(id)));
		all.sort(Comparator.comparingLong(PersistedEvent::position));
		awaitVisible(last(all).position());
		List<Integer> slices = ids.stream().map(PersistedEvent::sliceOf).distinct().sorted().toList();
		int low = slices.get(1);
		int high = slices.get(slices.size() - 2);

		assertSliceRange(all, 0, MAX_SLICE);
		assertSliceRange(all, 0, PersistedEvent.SLICE_COUNT / 2 - 1);
		assertSliceRange(all, PersistedEvent.SLICE_COUNT / 2, MAX_SLICE);
		assertSliceRange(all, low, high);
		assertSliceRange(all, low, low);
		assertSliceRange(all, high, high);
		assertThat(store().eventsAfter(0, low + 1, low + 1, 100))
			.allSatisfy((event) -> assertThat(event.slice()).isEqualTo(low + 1));
	}

	@Test
	protected void countAfterCountsWhatEventsAfterReturnsInTheSliceRangeUpToTheLimit() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			String id = persistenceId("count-" + i);
			ids.add(id);
			store().append(id, 0, events(id, 1, 3));
		}
		List<PersistedEvent> all = new ArrayList<>();
		ids.forEach((id) -> all.addAll(replayAll(id)));
		all.sort(Comparator.comparingLong(PersistedEvent::position));
		awaitVisible(last(all).position());
		int half = PersistedEvent.SLICE_COUNT / 2;
		long firstPosition = all.get(0).position();
		for (int[] range : new int[][] { { 0, MAX_SLICE }, { 0, half - 1 }, { half, MAX_SLICE } }) {
			long expected = all.stream()
				.filter((event) -> event.slice() >= range[0] && event.slice() <= range[1])
				.count();
			assertThat(store().countAfter(0, range[0], range[1], 1_000)).as("slices %d-%d", range[0], range[1])
				.isEqualTo(expected);
			long afterFirst = all.stream()
				.filter((event) -> event.position() > firstPosition && event.slice() >= range[0]
						&& event.slice() <= range[1])
				.count();
			assertThat(store().countAfter(firstPosition, range[0], range[1], 1_000)).isEqualTo(afterFirst);
		}
		assertThat(store().countAfter(0, 0, MAX_SLICE, 5)).as("capped at the limit").isEqualTo(5);
		assertThat(store().countAfter(last(all).position(), 0, MAX_SLICE, 10)).isZero();
	}

	@Test
	protected void eventsAfterAPositionBeyondTheHeadIsEmpty() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 2));
		long last = last(replayAll(id)).position();
		awaitVisible(last);

		assertThat(store().eventsAfter(last, 0, MAX_SLICE, 10)).isEmpty();
		assertThat(store().eventsAfter(last + 1_000, 0, MAX_SLICE, 10)).isEmpty();
	}

	@Test
	protected void eventsAfterTheLargestPositionIsEmpty() {
		String id = persistenceId("a");
		store().append(id, 0, events(id, 1, 2));
		awaitVisible(last(replayAll(id)).position());

		assertThat(store().eventsAfter(Long.MAX_VALUE, 0, MAX_SLICE, 10)).isEmpty();
	}

	@Test
	protected void headPositionIsThePositionOfTheLastVisibleEvent() {
		String a = persistenceId("a");
		String b = persistenceId("b");
		store().append(a, 0, events(a, 1, 2));
		store().append(b, 0, events(b, 1, 1));
		long last = last(replayAll(b)).position();
		awaitVisible(last);

		assertThat(store().headPosition()).isEqualTo(last);
		assertThat(store().eventsAfter(store().headPosition(), 0, MAX_SLICE, 10)).isEmpty();
		assertThat(last(store().eventsAfter(0, 0, MAX_SLICE, 10)).position()).isEqualTo(store().headPosition());
	}

	// ---------------------------------------------------------------------------------------------------------
	// concurrency
	// ---------------------------------------------------------------------------------------------------------

	@Test
	@Timeout(120)
	protected void concurrentAppendsLoseNothingAndDuplicateNothing() {
		int writers = concurrency();
		int appends = appendsPerWriter();
		String shared = persistenceId("shared");
		List<List<String>> sharedTags;
		try (ConcurrentRunner runner = new ConcurrentRunner(writers, Duration.ofSeconds(90))) {
			sharedTags = runner.runAll((writer) -> () -> {
				String own = persistenceId("writer-" + writer);
				List<String> written = new ArrayList<>();
				long ownSeq = 0;
				for (int i = 0; i < appends; i++) {
					if (i % 5 == 0) {
						String tag = "w" + writer + "-" + i;
						appendRetryingConflicts(shared, tag);
						written.add(tag);
					}
					else {
						int size = 1 + (i % 2);
						store().append(own, ownSeq, events(own, ownSeq + 1, size));
						ownSeq += size;
					}
				}
				return written;
			});
		}

		List<PersistedEvent> all = new ArrayList<>();
		for (int writer = 0; writer < writers; writer++) {
			String own = persistenceId("writer-" + writer);
			List<PersistedEvent> history = replayAll(own);
			assertGaplessHistory(own, history);
			assertThat(history).extracting(EventStoreTestSuite::tagOf)
				.as("tags of %s", own)
				.isEqualTo(history.stream().map((event) -> tag(own, event.sequenceNr())).toList());
			assertThat(store().highestSequenceNr(own)).isEqualTo(history.size());
			all.addAll(history);
		}
		List<PersistedEvent> sharedHistory = replayAll(shared);
		assertGaplessHistory(shared, sharedHistory);
		List<String> expectedSharedTags = sharedTags.stream().flatMap(List::stream).toList();
		assertThat(sharedHistory).extracting(EventStoreTestSuite::tagOf)
			.as("the events of the contended entity")
			.containsExactlyInAnyOrderElementsOf(expectedSharedTags);
		assertThat(store().highestSequenceNr(shared)).isEqualTo(expectedSharedTags.size());
		all.addAll(sharedHistory);

		all.sort(Comparator.comparingLong(PersistedEvent::position));
		awaitVisible(last(all).position());
		List<PersistedEvent> journal = readAll();
		assertStrictlyIncreasingPositions(journal);
		assertThat(keys(journal)).as("the journal read by position").isEqualTo(keys(all));
	}

	@Test
	@Timeout(120)
	protected void onlyOneOfConcurrentAppendsWithTheSameExpectedSequenceNrWins() {
		int writers = concurrency();
		String id = persistenceId("contended");
		long expected = 0;
		try (ConcurrentRunner runner = new ConcurrentRunner(writers, Duration.ofSeconds(90))) {
			for (int round = 0; round < 10; round++) {
				long from = expected;
				int r = round;
				List<Boolean> won = runner.runAll((writer) -> () -> {
					String tag = "r" + r + "-w" + writer;
					try {
						store().append(id, from,
								List.of(event(id, from + 1, tag + "-a"), event(id, from + 2, tag + "-b")));
						return true;
					}
					catch (AppendConflictException ex) {
						return false;
					}
				});
				assertThat(won.stream().filter(Boolean::booleanValue).count())
					.as("appends that won round %d (expected sequence number %d)", round, from)
					.isEqualTo(1);
				int winner = won.indexOf(true);
				List<PersistedEvent> written = store().replay(id, from + 1, Long.MAX_VALUE, 100);
				assertThat(written).extracting(EventStoreTestSuite::tagOf)
					.as("events written in round %d", round)
					.containsExactly("r" + r + "-w" + winner + "-a", "r" + r + "-w" + winner + "-b");
				expected += 2;
			}
		}
		assertGaplessHistory(id, replayAll(id));
		assertThat(store().highestSequenceNr(id)).isEqualTo(expected);
	}

	@Test
	@Timeout(120)
	protected void tailingReadersSeeEveryEventExactlyOnceInPositionOrder() throws Exception {
		int writers = concurrency();
		int appends = appendsPerWriter();
		int half = PersistedEvent.SLICE_COUNT / 2;
		int[][] ranges = { { 0, MAX_SLICE }, { 0, half - 1 }, { half, MAX_SLICE } };
		AtomicBoolean writersDone = new AtomicBoolean();
		List<PersistedEvent> all = new ArrayList<>();
		List<List<PersistedEvent>> seen;
		try (ConcurrentRunner runner = new ConcurrentRunner(writers + ranges.length, Duration.ofSeconds(90))) {
			List<Future<List<PersistedEvent>>> readers = new ArrayList<>();
			for (int[] range : ranges) {
				readers.add(runner.start(() -> tail(range[0], range[1], writersDone)));
			}
			List<Future<Object>> writing = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				writing.add(runner.start(() -> {
					long[] seqs = new long[3];
					for (int i = 0; i < appends; i++) {
						String id = persistenceId("tail-" + writer + "-" + (i % 3));
						int size = (i % 4 == 0) ? 2 : 1;
						long seq = seqs[i % 3];
						store().append(id, seq, events(id, seq + 1, size));
						seqs[i % 3] = seq + size;
					}
					return writer;
				}));
			}
			runner.awaitAll(writing);
			for (int writer = 0; writer < writers; writer++) {
				for (int i = 0; i < 3; i++) {
					all.addAll(replayAll(persistenceId("tail-" + writer + "-" + i)));
				}
			}
			all.sort(Comparator.comparingLong(PersistedEvent::position));
			awaitVisible(last(all).position());
			writersDone.set(true);
			seen = runner.awaitAll(readers);
		}

		for (int i = 0; i < ranges.length; i++) {
			int min = ranges[i][0];
			int max = ranges[i][1];
			List<PersistedEvent> expected = all.stream()
				.filter((event) -> event.slice() >= min && event.slice() <= max)
				.toList();
			assertReadExactlyOnceInOrder("a reader of slices " + min + "-" + max, seen.get(i), expected);
		}
	}

	/**
	 * Reads the journal from the beginning, following appends, until {@code done} is set
	 * and the reader caught up.
	 * @param minSlice the lowest slice
	 * @param maxSlice the highest slice
	 * @param done set once all events are appended and visible
	 * @return the events read, in reading order
	 * @throws InterruptedException when interrupted
	 */
	protected List<PersistedEvent> tail(int minSlice, int maxSlice, AtomicBoolean done) throws InterruptedException {
		List<PersistedEvent> read = new ArrayList<>();
		long after = 0;
		while (true) {
			boolean finalPass = done.get();
			List<PersistedEvent> page = store().eventsAfter(after, minSlice, maxSlice, 50);
			if (page.size() > 50) {
				throw new AssertionError("eventsAfter(" + after + ", limit 50) returned " + page.size() + " events");
			}
			for (PersistedEvent event : page) {
				if (event.position() <= after) {
					throw new AssertionError("eventsAfter(" + after + ", " + minSlice + ", " + maxSlice + ") returned "
							+ event + " at or before the position it was asked to read after; read so far: "
							+ read.size() + " events");
				}
				if (event.slice() < minSlice || event.slice() > maxSlice) {
					throw new AssertionError("eventsAfter(" + after + ", " + minSlice + ", " + maxSlice + ") returned "
							+ event + " of slice " + event.slice());
				}
				after = event.position();
				read.add(event);
			}
			if (page.isEmpty()) {
				if (finalPass) {
					return read;
				}
				Thread.sleep(1);
			}
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// helpers
	// ---------------------------------------------------------------------------------------------------------

	/**
	 * Returns the persistence id of an entity of {@link #ENTITY_TYPE}.
	 * @param entityId the entity id
	 * @return the persistence id
	 */
	protected static String persistenceId(String entityId) {
		return ENTITY_TYPE + "|" + entityId;
	}

	/**
	 * Returns the tag the suite writes into the payload of an event by default.
	 * @param persistenceId the entity
	 * @param sequenceNr the sequence number
	 * @return the tag
	 */
	protected static String tag(String persistenceId, long sequenceNr) {
		return persistenceId + "#" + sequenceNr;
	}

	/**
	 * Creates an event to append, carrying a tag as its payload.
	 * @param persistenceId the entity
	 * @param sequenceNr the sequence number
	 * @param tag the payload's text
	 * @return the event, at position {@code 0}
	 */
	protected static PersistedEvent event(String persistenceId, long sequenceNr, String tag) {
		return new PersistedEvent(persistenceId, ENTITY_TYPE, sequenceNr, 0, PersistedEvent.sliceOf(persistenceId),
				EVENT_TYPE, StringValue.of(tag).toByteArray(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
				Map.of("tag", tag), null);
	}

	/**
	 * Creates consecutive events to append, tagged with {@link #tag(String, long)}.
	 * @param persistenceId the entity
	 * @param fromSequenceNr the sequence number of the first event
	 * @param count the number of events
	 * @return the events
	 */
	protected static List<PersistedEvent> events(String persistenceId, long fromSequenceNr, int count) {
		List<PersistedEvent> events = new ArrayList<>(count);
		for (long seq = fromSequenceNr; seq < fromSequenceNr + count; seq++) {
			events.add(event(persistenceId, seq, tag(persistenceId, seq)));
		}
		return events;
	}

	/**
	 * Returns the tag an event of the suite carries.
	 * @param event the event
	 * @return the tag
	 */
	protected static String tagOf(PersistedEvent event) {
		try {
			return StringValue.parseFrom(event.payload()).getValue();
		}
		catch (InvalidProtocolBufferException ex) {
			throw new AssertionError("the payload of " + event + " is not the one appended: "
					+ new String(event.payload(), StandardCharsets.ISO_8859_1), ex);
		}
	}

	/**
	 * Returns the key {@code persistenceId#sequenceNr} of each event.
	 * @param events the events
	 * @return the keys, in order
	 */
	protected static List<String> keys(Collection<PersistedEvent> events) {
		return events.stream().map((event) -> tag(event.persistenceId(), event.sequenceNr())).toList();
	}

	/**
	 * Returns the sequence numbers of events.
	 * @param events the events
	 * @return the sequence numbers, in order
	 */
	protected static List<Long> sequenceNrs(List<PersistedEvent> events) {
		return events.stream().map(PersistedEvent::sequenceNr).toList();
	}

	/**
	 * Appends one event to an entity at its current end, retrying on
	 * {@link AppendConflictException}.
	 * @param persistenceId the entity
	 * @param tag the event's payload
	 */
	protected void appendRetryingConflicts(String persistenceId, String tag) {
		for (int attempt = 0; attempt < 10_000; attempt++) {
			long highest = store().highestSequenceNr(persistenceId);
			try {
				store().append(persistenceId, highest, List.of(event(persistenceId, highest + 1, tag)));
				return;
			}
			catch (AppendConflictException ex) {
				Thread.onSpinWait();
			}
		}
		throw new AssertionError("could not append " + tag + " to " + persistenceId + " in 10000 attempts");
	}

	/**
	 * Replays the whole history of an entity, page by page.
	 * @param persistenceId the entity
	 * @return its events
	 */
	protected List<PersistedEvent> replayAll(String persistenceId) {
		List<PersistedEvent> all = new ArrayList<>();
		long from = 1;
		while (true) {
			List<PersistedEvent> page = store().replay(persistenceId, from, Long.MAX_VALUE, 1000);
			all.addAll(page);
			if (page.size() < 1000) {
				return all;
			}
			from = last(page).sequenceNr() + 1;
		}
	}

	/**
	 * Reads the whole journal by position, page by page. Call {@link #awaitVisible(long)}
	 * first.
	 * @return the events of all slices in position order
	 */
	protected List<PersistedEvent> readAll() {
		return readAll(0, MAX_SLICE);
	}

	/**
	 * Reads the journal of a slice range by position, page by page. Call
	 * {@link #awaitVisible(long)} first.
	 * @param minSlice the lowest slice
	 * @param maxSlice the highest slice
	 * @return the events in position order
	 */
	protected List<PersistedEvent> readAll(int minSlice, int maxSlice) {
		List<PersistedEvent> all = new ArrayList<>();
		long after = 0;
		while (true) {
			List<PersistedEvent> page = store().eventsAfter(after, minSlice, maxSlice, PAGE);
			if (page.isEmpty()) {
				return all;
			}
			all.addAll(page);
			after = last(page).position();
		}
	}

	/**
	 * Waits until {@link EventStore#headPosition()} reaches a position, for stores with a
	 * visibility horizon.
	 * @param position the position of an appended event
	 * @throws AssertionError when the position does not become visible within
	 * {@link #visibilityTimeout()}
	 */
	protected void awaitVisible(long position) {
		long deadline = System.nanoTime() + visibilityTimeout().toNanos();
		long head;
		while ((head = store().headPosition()) < position) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("position " + position + " did not become visible within "
						+ visibilityTimeout() + ": headPosition() is " + head);
			}
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for position " + position, ex);
			}
		}
	}

	/**
	 * Asserts that a stored event has all the fields of the appended one.
	 * @param actual the stored event
	 * @param expected the appended event
	 */
	protected static void assertSameEvent(PersistedEvent actual, PersistedEvent expected) {
		assertThat(actual.persistenceId()).as("persistenceId of %s", expected).isEqualTo(expected.persistenceId());
		assertThat(actual.entityType()).as("entityType of %s", expected).isEqualTo(expected.entityType());
		assertThat(actual.sequenceNr()).as("sequenceNr of %s", expected).isEqualTo(expected.sequenceNr());
		assertThat(actual.position()).as("position of %s", expected).isPositive();
		assertThat(actual.slice()).as("slice of %s", expected).isEqualTo(expected.slice());
		assertThat(actual.eventType()).as("eventType of %s", expected).isEqualTo(expected.eventType());
		assertThat(actual.payload()).as("payload of %s", expected).isEqualTo(expected.payload());
		assertThat(actual.writeTime()).as("writeTime of %s", expected).isEqualTo(expected.writeTime());
		assertThat(actual.metadata()).as("metadata of %s", expected)
			.containsExactlyInAnyOrderEntriesOf(expected.metadata());
		assertThat(actual.keyId()).as("keyId of %s", expected).isEqualTo(expected.keyId());
	}

	/**
	 * Asserts that an entity's history is numbered {@code 1..n} without gaps, with
	 * increasing positions.
	 * @param persistenceId the entity
	 * @param history its replayed events
	 */
	protected static void assertGaplessHistory(String persistenceId, List<PersistedEvent> history) {
		for (int i = 0; i < history.size(); i++) {
			assertThat(history.get(i).sequenceNr())
				.as("sequence number of event %d of %s: %s", i, persistenceId, history)
				.isEqualTo(i + 1);
		}
		assertStrictlyIncreasingPositions(history);
	}

	/**
	 * Asserts that events have positive, strictly increasing positions.
	 * @param events the events
	 */
	protected static void assertStrictlyIncreasingPositions(List<PersistedEvent> events) {
		long previous = 0;
		for (PersistedEvent event : events) {
			if (event.position() <= previous) {
				fail("positions must be positive and strictly increasing, but %s follows position %d", event, previous);
			}
			previous = event.position();
		}
	}

	private void assertSliceRange(List<PersistedEvent> all, int minSlice, int maxSlice) {
		List<PersistedEvent> expected = all.stream()
			.filter((event) -> event.slice() >= minSlice && event.slice() <= maxSlice)
			.toList();
		assertThat(readAll(minSlice, maxSlice)).as("eventsAfter of slices %d-%d", minSlice, maxSlice)
			.isEqualTo(expected);
	}

	private static void assertReadExactlyOnceInOrder(String reader, List<PersistedEvent> read,
			List<PersistedEvent> expected) {
		assertStrictlyIncreasingPositions(read);
		if (keys(read).equals(keys(expected))) {
			return;
		}
		Map<String, Integer> counts = new HashMap<>();
		keys(read).forEach((key) -> counts.merge(key, 1, Integer::sum));
		List<String> duplicated = counts.entrySet()
			.stream()
			.filter((e) -> e.getValue() > 1)
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		Set<String> readKeys = new HashSet<>(keys(read));
		List<PersistedEvent> missing = expected.stream()
			.filter((event) -> !readKeys.contains(tag(event.persistenceId(), event.sequenceNr())))
			.toList();
		Set<String> expectedKeys = new HashSet<>(keys(expected));
		List<PersistedEvent> unexpected = read.stream()
			.filter((event) -> !expectedKeys.contains(tag(event.persistenceId(), event.sequenceNr())))
			.toList();
		fail("%s read %d events but %d were appended; skipped (committed late?): %s; read twice: %s; not appended: %s",
				reader, read.size(), expected.size(), abbreviate(missing), duplicated, abbreviate(unexpected));
	}

	private static String abbreviate(List<?> items) {
		return (items.size() <= 20) ? items.toString() : items.subList(0, 20) + " and " + (items.size() - 20) + " more";
	}

	private static <T> T last(List<T> list) {
		assertThat(list).as("events").isNotEmpty();
		return list.get(list.size() - 1);
	}

}
