package io.ego.core.read;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntityRef;
import io.ego.core.EntitySettings;
import io.ego.core.EntitySettings.Writers;
import io.ego.core.EntityState;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.Counter;
import io.ego.test.bank.GetAccount;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.debit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code EntityRef.state()}: reads through the cell, ordered with the commands, never
 * older than the store when other engines write, "not found" without a live cell for ids
 * without history; and the cap on live entities.
 */
class StateReadTests {

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final CountingEventStore counting = new CountingEventStore(this.journal);

	private EgoEngine engine(EventStore store, EntitySettings settings) {
		return EgoEngine.builder().eventStore(store).eventSourced("account", new AccountBehavior(), settings).build();
	}

	private static EntityRef<Account> account(EgoEngine engine, String id) {
		return engine.entity(AccountBehavior.class, id);
	}

	private static int live(EgoEngine engine) {
		return engine.entityTypes().get(0).liveEntities();
	}

	@Test
	void stateReadsTheStateAndRevisionAndWritesNothing() {
		try (EgoEngine engine = engine(this.journal, EntitySettings.defaults())) {
			account(engine, "a").askAndWait(open("a", 100));
			account(engine, "a").askAndWait(credit("a", 5));
			EntityState<Account> state = account(engine, "a").state();
			assertThat(state.state().getBalance()).isEqualTo(105);
			assertThat(state.revision()).isEqualTo(2);
			assertThat(account(engine, "a").stateAsync().join()).isEqualTo(state);
			assertThat(this.journal.highestSequenceNr("account|a")).isEqualTo(2);
		}
	}

	@Test
	void aReadIsOrderedWithTheCommandsSentBeforeIt() throws Exception {
		try (EgoEngine engine = engine(this.counting, EntitySettings.defaults())) {
			account(engine, "a").askAndWait(open("a", 0));
			CountDownLatch release = this.counting.blockAppends("account|a");
			CompletableFuture<CommandReply<Account>> first = account(engine, "a").ask(credit("a", 1));
			await().until(() -> this.counting.blocked.get() == 1);
			CompletableFuture<CommandReply<Account>> second = account(engine, "a").ask(credit("a", 2));
			CompletableFuture<EntityState<Account>> read = account(engine, "a").stateAsync();
			CompletableFuture<CommandReply<Account>> third = account(engine, "a").ask(credit("a", 4));
			assertThat(read).isNotDone();
			release.countDown();
			EntityState<Account> state = read.get(5, TimeUnit.SECONDS);
			assertThat(first.join().revision()).isEqualTo(2);
			assertThat(second.join().revision()).isEqualTo(3);
			assertThat(third.join().revision()).isEqualTo(4);
			// after both commands sent before it, before the one sent after it
			assertThat(state.revision()).isEqualTo(3);
			assertThat(state.state().getBalance()).isEqualTo(3);
		}
	}

	@Test
	void readsOfUnknownIdsAreNotFoundAndLeaveNoLiveCell() {
		try (EgoEngine engine = engine(this.journal, EntitySettings.defaults())) {
			account(engine, "known").askAndWait(open("known", 1));
			for (int i = 0; i < 2_000; i++) {
				EntityRef<Account> unknown = account(engine, "unknown-" + i);
				assertThatExceptionOfType(EntityNotFoundException.class).isThrownBy(unknown::state)
					.withMessageContaining("account|unknown-" + i);
			}
			assertThat(account(engine, "async-unknown").stateAsync()).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(EntityNotFoundException.class);
			await().until(() -> live(engine) == 1);
			assertThat(this.journal.highestSequenceNr("account|unknown-1")).isZero();
			// the id stays usable: a command gives it a history
			assertThat(account(engine, "unknown-1").askAndWait(open("unknown-1", 7)).isAccepted()).isTrue();
			assertThat(account(engine, "unknown-1").state().state().getBalance()).isEqualTo(7);
			assertThat(live(engine)).isEqualTo(2);
		}
	}

	@Test
	void readsOfUnknownDurableStatesAreNotFoundAndLeaveNoLiveCell() {
		try (EgoEngine engine = EgoEngine.builder()
			.durableStateStore(new InMemoryDurableStateStore())
			.durableState("counter", new CounterBehavior())
			.build()) {
			for (int i = 0; i < 100; i++) {
				EntityRef<Counter> unknown = engine.entity(CounterBehavior.class, "c-" + i);
				assertThatExceptionOfType(EntityNotFoundException.class).isThrownBy(unknown::state);
			}
			assertThat(live(engine)).isZero();
			engine.entity(CounterBehavior.class, "c-1").askAndWait(CounterBehavior.by(3));
			EntityState<Counter> state = engine.entity(CounterBehavior.class, "c-1").state();
			assertThat(state.state().getValue()).isEqualTo(3);
			assertThat(state.revision()).isEqualTo(1);
		}
	}

	@Test
	void withSharedWritersAReadSeesTheOtherEnginesWritesAndARejectionIsDecidedAgain() {
		EntitySettings shared = EntitySettings.defaults().withWriters(Writers.SHARED);
		try (EgoEngine a = engine(this.counting, shared); EgoEngine b = engine(this.journal, shared)) {
			account(a, "x").askAndWait(open("x", 100));
			assertThat(account(a, "x").state().state().getBalance()).isEqualTo(100); // a's
																						// cell
																						// is
																						// live

			account(b, "x").askAndWait(credit("x", 50));
			EntityState<Account> seen = account(a, "x").state();
			assertThat(seen.state().getBalance()).isEqualTo(150);
			assertThat(seen.revision()).isEqualTo(2);

			account(b, "x").askAndWait(credit("x", 100));
			// against a's stale 150 this is rejected; against the store's 250 it is not
			CommandReply<Account> debit = account(a, "x").askAndWait(debit("x", 200));
			assertThat(debit.isAccepted()).isTrue();
			assertThat(debit.revision()).isEqualTo(4);
			assertThat(debit.state().getBalance()).isEqualTo(50);

			account(b, "x").askAndWait(credit("x", 1));
			// a no-op (a query command) answers the store's state too
			assertThat(account(a, "x").askAndWait(GetAccount.getDefaultInstance()).state().getBalance()).isEqualTo(51);
			// a rejection against the current state stays a rejection
			assertThat(account(a, "x").askAndWait(debit("x", 1_000))).isInstanceOf(CommandReply.Rejected.class);
		}
	}

	@Test
	void withSharedWritersEachReadCostsOneHeadQuery() {
		try (EgoEngine a = engine(this.counting, EntitySettings.defaults().withWriters(Writers.SHARED))) {
			account(a, "x").askAndWait(open("x", 1));
			this.counting.headQueries.set(0);
			for (int i = 0; i < 10; i++) {
				account(a, "x").state();
			}
			assertThat(this.counting.headQueries).hasValue(10);
			assertThat(this.counting.recoveries("account|x")).isEqualTo(1); // never
																			// behind: no
																			// reload
		}
	}

	@Test
	void aSingleWriterPaysNoHeadQuery() {
		try (EgoEngine a = engine(this.counting, EntitySettings.defaults().withWriters(Writers.SINGLE));
				EgoEngine b = engine(this.journal, EntitySettings.defaults())) {
			account(a, "x").askAndWait(open("x", 100));
			for (int i = 0; i < 10; i++) {
				account(a, "x").state();
				account(a, "x").askAndWait(debit("x", 1_000)); // rejected
				account(a, "x").askAndWait(GetAccount.getDefaultInstance()); // no-op
			}
			assertThat(account(a, "unknown").stateAsync()).failsWithin(Duration.ofSeconds(5));
			assertThat(this.counting.headQueries).hasValue(0);
			// pinned single: another engine's write is not seen (the setting's promise
			// is broken)
			account(b, "x").askAndWait(credit("x", 50));
			assertThat(account(a, "x").state().state().getBalance()).isEqualTo(100);
		}
	}

	@Test
	void autoWithoutConsumersIsSingle() {
		try (EgoEngine a = engine(this.counting, EntitySettings.defaults())) {
			account(a, "x").askAndWait(open("x", 100));
			account(a, "x").state();
			account(a, "x").askAndWait(debit("x", 1_000));
			assertThat(this.counting.headQueries).hasValue(0);
		}
	}

	@Test
	void autoIsSharedWhileAnotherInstanceHoldsConsumerLeases() {
		InMemoryOffsetStore offsets = new InMemoryOffsetStore();
		ProjectionSettings projection = ProjectionSettings.defaults()
			.withParallelism(2)
			.withPullInterval(Duration.ofMillis(20))
			.withLease(Duration.ofSeconds(10), Duration.ofMillis(50));
		try (EgoEngine a = withProjection("a", this.counting, offsets, projection);
				EgoEngine b = withProjection("b", this.journal, offsets, projection)) {
			await().untilAsserted(() -> assertThat(owners(a)).containsExactlyInAnyOrder("a", "b"));
			account(a, "x").askAndWait(open("x", 100));
			account(a, "x").state();
			account(b, "x").askAndWait(credit("x", 50));
			assertThat(account(a, "x").state().state().getBalance()).isEqualTo(150);
			account(b, "x").askAndWait(credit("x", 100));
			assertThat(account(a, "x").askAndWait(debit("x", 200)).isAccepted()).isTrue();
			assertThat(this.counting.headQueries.get()).isPositive();
		}
	}

	@Test
	void autoIsSingleWhileTheOnlyInstanceHoldsTheLeases() {
		InMemoryOffsetStore offsets = new InMemoryOffsetStore();
		try (EgoEngine a = withProjection("a", this.counting, offsets, ProjectionSettings.defaults())) {
			await().untilAsserted(() -> assertThat(owners(a)).containsOnly("a"));
			account(a, "x").askAndWait(open("x", 100));
			account(a, "x").state();
			account(a, "x").askAndWait(debit("x", 1_000));
			assertThat(this.counting.headQueries).hasValue(0);
		}
	}

	private static EgoEngine withProjection(String id, EventStore store, InMemoryOffsetStore offsets,
			ProjectionSettings settings) {
		return EgoEngine.builder()
			.instanceId(id)
			.eventStore(store)
			.offsetStore(offsets)
			.eventSourced("account", new AccountBehavior())
			.projection("balances", (envelope) -> {
			}, settings)
			.build();
	}

	private static List<@Nullable String> owners(EgoEngine engine) {
		return engine.projections().status("balances").workers().stream().map(ProjectionStatus.Worker::owner).toList();
	}

	@Test
	void withSharedWritersADurableStateReadSeesTheOtherEnginesWrites() {
		InMemoryDurableStateStore states = new InMemoryDurableStateStore();
		CountingStateStore countingStates = new CountingStateStore(states);
		EntitySettings shared = EntitySettings.defaults().withWriters(Writers.SHARED);
		try (EgoEngine a = EgoEngine.builder()
			.durableStateStore(countingStates)
			.durableState("counter", new CounterBehavior(), shared)
			.build();
				EgoEngine b = EgoEngine.builder()
					.durableStateStore(states)
					.durableState("counter", new CounterBehavior(), shared)
					.build()) {
			a.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(1));
			assertThat(a.entity(CounterBehavior.class, "c").state().revision()).isEqualTo(1);
			b.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(10));
			EntityState<Counter> seen = a.entity(CounterBehavior.class, "c").state();
			assertThat(seen.state().getValue()).isEqualTo(11);
			assertThat(seen.revision()).isEqualTo(2);
			b.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(5));
			// a no-op against the store's state, not a's stale one
			CommandReply<Counter> noOp = a.entity(CounterBehavior.class, "c").askAndWait(CounterBehavior.by(0));
			assertThat(noOp.state().getValue()).isEqualTo(16);
			assertThat(noOp.revision()).isEqualTo(3);
		}
	}

	@Test
	void maxLiveEvictsTheLeastRecentlyUsed() {
		try (EgoEngine engine = engine(this.counting, EntitySettings.defaults().withMaxLive(3))) {
			for (String id : List.of("a", "b", "c")) {
				account(engine, id).askAndWait(open(id, 1));
			}
			account(engine, "a").askAndWait(credit("a", 1)); // b is now the least
																// recently used
			account(engine, "d").askAndWait(open("d", 1));
			assertThat(live(engine)).isEqualTo(3);
			for (String id : List.of("a", "c", "d")) {
				account(engine, id).state();
				assertThat(this.counting.recoveries("account|" + id)).as(id).isEqualTo(1);
			}
			account(engine, "b").state(); // evicted: recovers again (and evicts the LRU,
											// a)
			assertThat(this.counting.recoveries("account|b")).isEqualTo(2);
			assertThat(live(engine)).isEqualTo(3);
		}
	}

	@Test
	void maxLiveNeverEvictsABusyCell() throws Exception {
		try (EgoEngine engine = engine(this.counting, EntitySettings.defaults().withMaxLive(2))) {
			account(engine, "busy").askAndWait(open("busy", 1));
			account(engine, "b").askAndWait(open("b", 1));
			CountDownLatch release = this.counting.blockAppends("account|busy");
			CompletableFuture<CommandReply<Account>> writing = account(engine, "busy").ask(credit("busy", 1));
			await().until(() -> this.counting.blocked.get() == 1);
			// busy is the least recently used, but it is writing: b goes instead
			account(engine, "c").askAndWait(open("c", 1));
			assertThat(live(engine)).isEqualTo(2);
			release.countDown();
			assertThat(writing.get(5, TimeUnit.SECONDS).revision()).isEqualTo(2);
			assertThat(account(engine, "busy").state().revision()).isEqualTo(2);
			assertThat(this.counting.recoveries("account|busy")).isEqualTo(1);
			account(engine, "b").state();
			assertThat(this.counting.recoveries("account|b")).isEqualTo(2);
		}
	}

	/**
	 * Counts head queries and recoveries; can block the appends of one entity until
	 * released.
	 */
	static final class CountingEventStore extends ForwardingEventStore {

		final AtomicInteger headQueries = new AtomicInteger();

		final AtomicInteger blocked = new AtomicInteger();

		private final Map<String, AtomicInteger> recoveries = new ConcurrentHashMap<>();

		private volatile @Nullable String blocking;

		private volatile CountDownLatch release = new CountDownLatch(0);

		CountingEventStore(EventStore delegate) {
			super(delegate);
		}

		CountDownLatch blockAppends(String persistenceId) {
			CountDownLatch latch = new CountDownLatch(1);
			this.release = latch;
			this.blocking = persistenceId;
			return latch;
		}

		int recoveries(String persistenceId) {
			AtomicInteger count = this.recoveries.get(persistenceId);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
			if (persistenceId.equals(this.blocking)) {
				this.blocked.incrementAndGet();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			super.append(persistenceId, expectedSequenceNr, events);
		}

		@Override
		public List<PersistedEvent> replayForRecovery(String persistenceId, long fromSequenceNr, long toSequenceNr,
				int limit) {
			if (fromSequenceNr == 1) {
				this.recoveries.computeIfAbsent(persistenceId, (id) -> new AtomicInteger()).incrementAndGet();
			}
			return super.replayForRecovery(persistenceId, fromSequenceNr, toSequenceNr, limit);
		}

		@Override
		public long highestSequenceNr(String persistenceId) {
			this.headQueries.incrementAndGet();
			return super.highestSequenceNr(persistenceId);
		}

	}

	/** Counts reads of a durable-state store. */
	static final class CountingStateStore implements DurableStateStore {

		final AtomicInteger gets = new AtomicInteger();

		private final DurableStateStore delegate;

		CountingStateStore(DurableStateStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public @Nullable DurableStateRecord get(String persistenceId) {
			this.gets.incrementAndGet();
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

}
