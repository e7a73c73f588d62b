package io.ego.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.RevisionConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import io.ego.store.jdbc.FaultyDataSource.When;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ego.store.jdbc.WriterProbe.assertHolds;
import static io.ego.store.jdbc.WriterProbe.await;
import static io.ego.store.jdbc.WriterProbe.awaitBlockedWriter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The durable-state store's group commit, under forced interleavings: writes of many
 * entities that arrive together share a transaction, a conflict fails only its entity, an
 * entity that loses a race to another writer between the check and the write fails alone,
 * a failed transaction fails exactly its writes (not written before the commit, unknown
 * when the commit call failed), the queue pushes back, interrupted callers wait for the
 * answer, and closing drains the queue. Writes are made to queue up by holding the state
 * writers' position lock from the test.
 *
 * @author eGo team
 * @since 0.2.0
 */
class StateGroupCommitTests {

	private static final int ALL_SLICES = PersistedEvent.SLICE_COUNT - 1;

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void writesOfManyEntitiesThatArriveTogetherShareATransaction(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		int entities = 200;
		try (JdbcDurableStateStore store = fixture.store(fixture.options);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < entities / 2; i++) {
				store.upsert(state("sgc|e" + i, 1));
			}
			long before = store.committedTransactions();
			long start = store.changesHeadPosition();
			List<Future<?>> writes = new ArrayList<>();
			try (PositionLock lock = PositionLock.holdStates(fixture.dataSource, dialect, fixture.tables)) {
				Future<?> blocker = fixture.blockWriter(store, callers);
				for (int i = 0; i < entities; i++) {
					// half of them updates, half first revisions
					String id = "sgc|e" + i;
					long revision = (i < entities / 2) ? 2 : 1;
					writes.add(callers.submit(() -> store.upsert(state(id, revision))));
				}
				await("all writes queued", () -> store.queuedWrites() == entities);
				writes.add(blocker);
			}
			for (Future<?> write : writes) {
				write.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.committedTransactions() - before)
				.as("transactions for %d writes after the blocked one", entities)
				.isEqualTo(2);
			for (int i = 0; i < entities; i++) {
				assertSameState(store.get("sgc|e" + i), state("sgc|e" + i, (i < entities / 2) ? 2 : 1));
			}
			List<String> written = new ArrayList<>();
			written.add("sgc|blocker@1");
			for (int i = 0; i < entities; i++) {
				written.add("sgc|e" + i + "@" + ((i < entities / 2) ? 2 : 1));
			}
			List<DurableStateChange> changes = fixture.awaitFeed(store, start, written);
			assertThat(changes).hasSize(entities + 1);
			assertThat(store.changesHeadPosition()).isEqualTo(changes.get(changes.size() - 1).position());
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aConflictInABatchFailsOnlyThatEntitysWrite(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcDurableStateStore store = fixture.store(fixture.options);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			store.upsert(state("sgc|x", 1));
			store.upsert(state("sgc|x", 2));
			store.upsert(state("sgc|taken", 1));
			for (int i = 0; i < 10; i++) {
				store.upsert(state("sgc|u" + i, 1));
			}
			long before = store.committedTransactions();
			Future<?> stale;
			Future<?> ahead;
			Future<?> insertOverARow;
			List<Future<?>> others = new ArrayList<>();
			try (PositionLock lock = PositionLock.holdStates(fixture.dataSource, dialect, fixture.tables)) {
				others.add(fixture.blockWriter(store, callers));
				stale = callers.submit(() -> store.upsert(state("sgc|x", 2)));
				ahead = callers.submit(() -> store.upsert(state("sgc|y", 4)));
				insertOverARow = callers.submit(() -> store.upsert(state("sgc|taken", 1)));
				for (int i = 0; i < 10; i++) {
					String id = "sgc|u" + i;
					others.add(callers.submit(() -> store.upsert(state(id, 2))));
					String fresh = "sgc|n" + i;
					others.add(callers.submit(() -> store.upsert(state(fresh, 1))));
				}
				await("all writes queued", () -> store.queuedWrites() == 23);
			}
			assertConflict(stale, "sgc|x", 1);
			assertConflict(ahead, "sgc|y", 3);
			assertConflict(insertOverARow, "sgc|taken", 0);
			for (Future<?> other : others) {
				other.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.committedTransactions() - before).as("the blocked transaction and the group").isEqualTo(2);
			assertSameState(store.get("sgc|x"), state("sgc|x", 2));
			assertThat(store.get("sgc|y")).isNull();
			assertSameState(store.get("sgc|taken"), state("sgc|taken", 1));
			for (int i = 0; i < 10; i++) {
				assertSameState(store.get("sgc|u" + i), state("sgc|u" + i, 2));
				assertSameState(store.get("sgc|n" + i), state("sgc|n" + i, 1));
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void entitiesThatLoseARaceToAnotherWriterFailAloneAndTheOthersAreWritten(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		// a linger long enough to take every write into the first batch
		try (JdbcDurableStateStore store = fixture.store(fixture.options.withLinger(Duration.ofMillis(300)));
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			store.upsert(state("sgc|updated", 1));
			for (int i = 0; i < 10; i++) {
				store.upsert(state("sgc|o" + i, 1));
			}
			long head = store.changesHeadPosition();
			Future<?> inserted;
			Future<?> updated;
			List<Future<?>> others = new ArrayList<>();
			try (Connection rival = fixture.dataSource.getConnection()) {
				// another node writes sgc|inserted#1 and sgc|updated#2 and has not
				// committed yet
				rival.setAutoCommit(false);
				fixture.rivalWrite(rival, state("sgc|inserted", 1), state("sgc|updated", 2));
				inserted = callers.submit(() -> store.upsert(state("sgc|inserted", 1, "mine")));
				updated = callers.submit(() -> store.upsert(state("sgc|updated", 2, "mine")));
				for (int i = 0; i < 10; i++) {
					String id = "sgc|o" + i;
					others.add(callers.submit(() -> store.upsert(state(id, 2))));
					String fresh = "sgc|f" + i;
					others.add(callers.submit(() -> store.upsert(state(fresh, 1))));
				}
				// the writer checked the batch (neither row written yet) and waits for
				// the rival
				awaitBlockedWriter(fixture.dataSource, dialect, fixture.tables);
				assertThat(store.pendingWrites()).isEqualTo(22);
				rival.commit();
			}
			assertConflict(inserted, "sgc|inserted", 0);
			assertConflict(updated, "sgc|updated", 1);
			for (Future<?> other : others) {
				other.get(10, TimeUnit.SECONDS);
			}
			// PostgreSQL decides each row in the one statement; the others roll back and
			// check the batch again
			assertThat(store.retriedBatches()).isEqualTo((dialect == JdbcDialect.POSTGRESQL) ? 0 : 1);
			assertSameState(store.get("sgc|inserted"), state("sgc|inserted", 1));
			assertSameState(store.get("sgc|updated"), state("sgc|updated", 2));
			for (int i = 0; i < 10; i++) {
				assertSameState(store.get("sgc|o" + i), state("sgc|o" + i, 2));
				assertSameState(store.get("sgc|f" + i), state("sgc|f" + i, 1));
			}
			List<String> written = new ArrayList<>(List.of("sgc|inserted@1", "sgc|updated@2"));
			for (int i = 0; i < 10; i++) {
				written.add("sgc|o" + i + "@2");
				written.add("sgc|f" + i + "@1");
			}
			assertThat(fixture.awaitFeed(store, head, written)).extracting((change) -> change.state().persistenceId())
				.hasSize(22)
				.doesNotHaveDuplicates();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void twoStoresWritingTheSameEntitiesAcceptEachRevisionOnceAndLoseNone(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		int entities = 10;
		int writersPerStore = 8;
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		Map<String, String> accepted = new ConcurrentHashMap<>();
		List<String> problems = new CopyOnWriteArrayList<>();
		AtomicLong conflicts = new AtomicLong();
		AtomicLong notWritten = new AtomicLong();
		// two nodes: two stores, two writer threads, the same rows
		try (JdbcDurableStateStore first = fixture.store(fixture.options);
				JdbcDurableStateStore second = fixture.store(fixture.options);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> writers = new ArrayList<>();
			for (JdbcDurableStateStore store : List.of(first, second)) {
				for (int w = 0; w < writersPerStore; w++) {
					String writer = ((store == first) ? "a" : "b") + w;
					writers.add(callers.submit(() -> {
						SplittableRandom random = new SplittableRandom(writer.hashCode());
						for (int i = 0; System.nanoTime() < deadline; i++) {
							String id = "sgc|hot" + random.nextInt(entities);
							DurableStateRecord current = store.get(id);
							long next = (current != null) ? current.revision() + 1 : 1;
							String payload = writer + "-" + i;
							try {
								store.upsert(state(id, next, payload));
								String before = accepted.putIfAbsent(id + "@" + next, payload);
								if (before != null) {
									problems.add(id + "@" + next + " accepted for " + before + " and " + payload);
								}
							}
							catch (RevisionConflictException ex) {
								conflicts.incrementAndGet();
							}
							catch (StoreOutcomeUnknownException ex) {
								throw ex;
							}
							catch (StoreException ex) {
								// not written: the database rolled the batch back (a
								// deadlock between the two
								// stores' batches) more often than the writer retries; an
								// honest answer
								notWritten.incrementAndGet();
							}
						}
						return null;
					}));
				}
			}
			for (Future<?> writer : writers) {
				writer.get(60, TimeUnit.SECONDS);
			}
			assertThat(problems).isEmpty();
			assertThat(conflicts.get()).as("conflicts between the writers").isPositive();
			List<String> latest = new ArrayList<>();
			for (int e = 0; e < entities; e++) {
				DurableStateRecord state = first.get("sgc|hot" + e);
				assertThat(state).as("state of sgc|hot%d", e).isNotNull();
				latest.add(state.persistenceId() + "@" + state.revision());
			}
			List<DurableStateChange> feed = fixture.awaitFeed(first, 0, latest);
			assertThat(feed).extracting((change) -> change.state().persistenceId()).doesNotHaveDuplicates();
			for (int e = 0; e < entities; e++) {
				String id = "sgc|hot" + e;
				DurableStateRecord stored = first.get(id);
				assertThat(stored).as("state of %s", id).isNotNull();
				for (long revision = 1; revision <= stored.revision(); revision++) {
					assertThat(accepted).as("revisions of %s", id).containsKey(id + "@" + revision);
				}
				assertThat(accepted).as("revisions of %s", id).doesNotContainKey(id + "@" + (stored.revision() + 1));
				assertThat(new String(stored.payload(), StandardCharsets.UTF_8))
					.isEqualTo(accepted.get(id + "@" + stored.revision()));
				assertThat(feed).filteredOn((change) -> change.state().persistenceId().equals(id))
					.singleElement()
					.satisfies((change) -> assertThat(change.state().revision()).isEqualTo(stored.revision()));
			}
		}
	}

	/**
	 * PostgreSQL: a batch's statement (its own commit) whose answer is lost is asked
	 * again: every state of the batch is written once and answered as written.
	 */
	@ParameterizedTest
	@EnumSource(names = "POSTGRESQL")
	void aBatchStatementWhoseAnswerIsLostIsAskedAgainAndWritesEveryStateOnce(JdbcDialect dialect) throws Exception {
		for (When when : When.values()) {
			Fixture fixture = new Fixture(dialect);
			FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
			try (JdbcDurableStateStore store = fixture.store(faulty);
					ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
				// the statement is the commit; the blocked one has started already
				List<Future<?>> group = queueAGroup(fixture, dialect, store, callers,
						() -> faulty.failNextExecution("allocate_positions", when,
								new SQLTransientConnectionException("injected: connection lost", "08006")));
				for (Future<?> write : group) {
					write.get(10, TimeUnit.SECONDS);
				}
				for (int i = 0; i < 5; i++) {
					assertSameState(store.get("sgc|u" + i), state("sgc|u" + i, 2));
					assertSameState(store.get("sgc|n" + i), state("sgc|n" + i, 1));
				}
				// 5 first revisions, the blocker and the group: each counted once
				assertThat(store.writtenStates()).as("states written").isEqualTo(16);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "H2" })
	void aCommitWhoseAnswerIsLostFailsTheWholeBatchAsOutcomeUnknown(JdbcDialect dialect) throws Exception {
		for (When when : When.values()) {
			Fixture fixture = new Fixture(dialect);
			FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
			try (JdbcDurableStateStore store = fixture.store(faulty);
					ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
				SQLException lost = new SQLTransientConnectionException("injected: connection lost at commit", "08006");
				List<Future<?>> group = queueAGroup(fixture, dialect, store, callers,
						() -> faulty.failCommitAfter(1, when, lost));
				for (Future<?> write : group) {
					assertThatExceptionOfType(ExecutionException.class)
						.isThrownBy(() -> write.get(10, TimeUnit.SECONDS))
						.havingCause()
						.isInstanceOf(StoreOutcomeUnknownException.class)
						.withMessageContaining("may or may not have been written");
				}
				for (int i = 0; i < 5; i++) {
					DurableStateRecord updated = store.get("sgc|u" + i);
					DurableStateRecord fresh = store.get("sgc|n" + i);
					if (when == When.AFTER) {
						assertSameState(updated, state("sgc|u" + i, 2));
						assertSameState(fresh, state("sgc|n" + i, 1));
					}
					else {
						assertSameState(updated, state("sgc|u" + i, 1));
						assertThat(fresh).isNull();
					}
				}
				// the writer goes on with the next batch
				store.upsert(state("sgc|after", 1));
				assertThat(store.get("sgc|after")).isNotNull();
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aBatchThatFailsBeforeItsCommitIsNotWrittenAndTheWriterRecovers(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		FaultyDataSource faulty = new FaultyDataSource(fixture.dataSource);
		try (JdbcDurableStateStore store = fixture.store(faulty);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			faulty.down(true);
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> store.upsert(state("sgc|down", 1)))
				.withMessageContaining("the database is down")
				.isNotInstanceOf(StoreOutcomeUnknownException.class)
				.isNotInstanceOf(RevisionConflictException.class);
			faulty.down(false);
			List<String> before = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				store.upsert(state("sgc|u" + i, 1));
				before.add("sgc|u" + i + "@1");
			}
			// the head once these writes are readable: on PostgreSQL it stays behind them
			// while older transactions of the server run, and the feed after it would
			// then hold them too
			List<DurableStateChange> written = fixture.awaitFeed(store, 0, before);
			long head = written.get(written.size() - 1).position();
			List<Future<?>> group = queueTheGroup(fixture, dialect, store, callers, () -> {
				if (dialect == JdbcDialect.POSTGRESQL) {
					faulty.failNextExecution("allocate_positions", When.INSTEAD,
							new SQLException("injected: canceling statement due to statement timeout", "57014"));
				}
				else {
					// the blocked write is a first revision: only the group updates
					faulty.failNextExecution("UPDATE " + fixture.tables.durableState(), When.AFTER,
							new SQLException("injected: lock wait timeout exceeded", "HY000"));
				}
			});
			long afterBlocker = store.changesHeadPosition();
			for (Future<?> write : group) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> write.get(10, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(StoreException.class)
					.isNotInstanceOf(StoreOutcomeUnknownException.class)
					.isNotInstanceOf(RevisionConflictException.class)
					.withMessageContaining("injected");
			}
			for (int i = 0; i < 5; i++) {
				assertSameState(store.get("sgc|u" + i), state("sgc|u" + i, 1));
				assertThat(store.get("sgc|n" + i)).isNull();
			}
			assertThat(fixture.awaitFeed(store, head, List.of("sgc|blocker@1"))).singleElement()
				.satisfies((change) -> assertThat(change.state().persistenceId()).isEqualTo("sgc|blocker"));
			if (dialect != JdbcDialect.POSTGRESQL) {
				assertThat(store.changesHeadPosition()).as("the head after a rolled-back batch")
					.isEqualTo(afterBlocker);
			}
			for (int i = 0; i < 5; i++) {
				store.upsert(state("sgc|u" + i, 2));
				store.upsert(state("sgc|n" + i, 1));
			}
			assertSameState(store.get("sgc|u4"), state("sgc|u4", 2));
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void anInterruptedCallerWaitsForTheWritersAnswerAndKeepsItsInterrupt(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcDurableStateStore store = fixture.store(fixture.options.withQueueCapacity(1));
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
			CompletableFuture<Throwable> refused = new CompletableFuture<>();
			AtomicBoolean queued = new AtomicBoolean();
			Thread caller;
			Thread overflow;
			Future<?> blocker;
			try (PositionLock lock = PositionLock.holdStates(fixture.dataSource, dialect, fixture.tables)) {
				blocker = fixture.blockWriter(store, callers);
				caller = Thread.ofVirtual().start(() -> {
					try {
						store.upsert(state("sgc|interrupted", 1));
						interruptedAfter.complete(Thread.currentThread().isInterrupted());
					}
					catch (Throwable ex) {
						interruptedAfter.completeExceptionally(ex);
					}
				});
				await("the write queued", () -> store.queuedWrites() == 1);
				caller.interrupt();
				// the queue is full: the next caller waits for room, and an interrupt
				// stops it, nothing written
				overflow = Thread.ofVirtual().start(() -> {
					try {
						queued.set(true);
						store.upsert(state("sgc|overflow", 1));
						refused.complete(null);
					}
					catch (Throwable ex) {
						refused.complete(ex);
					}
				});
				await("the overflowing caller waiting",
						() -> queued.get() && overflow.getState() == Thread.State.WAITING);
				overflow.interrupt();
				assertThat(refused.get(10, TimeUnit.SECONDS)).isInstanceOf(StoreException.class)
					.hasMessageContaining("interrupted while waiting to write the state of 'sgc|overflow'")
					.hasMessageContaining("nothing was written");
				// the interrupted caller went back to waiting for the writer's answer,
				// and stays there
				await("the interrupted caller waiting for its answer",
						() -> WriterProbe.waitsForItsAnswer(caller) || interruptedAfter.isDone());
				assertHolds("the interrupted caller waiting for the writer", Duration.ofMillis(200),
						() -> !interruptedAfter.isDone() && caller.isAlive());
			}
			blocker.get(10, TimeUnit.SECONDS);
			assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).as("the interrupt flag after the write").isTrue();
			assertThat(store.get("sgc|interrupted")).isNotNull();
			assertThat(store.get("sgc|overflow")).isNull();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void closeWritesWhatIsQueuedThenRejectsWrites(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		JdbcDurableStateStore store = fixture.store(fixture.options);
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> writes = new ArrayList<>();
			Thread closer;
			try (PositionLock lock = PositionLock.holdStates(fixture.dataSource, dialect, fixture.tables)) {
				writes.add(fixture.blockWriter(store, callers));
				for (int i = 0; i < 20; i++) {
					String id = "sgc|c" + i;
					writes.add(callers.submit(() -> store.upsert(state(id, 1))));
				}
				await("all writes queued", () -> store.queuedWrites() == 20);
				closer = Thread.ofVirtual().start(store::close);
				// close has closed the queue and waits for the writer, which is blocked
				await("close waiting for the writer",
						() -> closer.getState() == Thread.State.WAITING && store.queuedWrites() == 20);
				assertHolds("close waiting while writes wait", Duration.ofMillis(200), closer::isAlive);
			}
			assertThat(closer.join(Duration.ofSeconds(10))).as("close returned once the writer drained").isTrue();
			for (Future<?> write : writes) {
				write.get(10, TimeUnit.SECONDS);
			}
			assertThat(store.writtenStates()).isEqualTo(21);
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> store.upsert(state("sgc|late", 1)))
				.withMessageContaining("closed");
			assertThat(store.get("sgc|late")).isNull();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void idsThatDifferOnlyInCaseOrTrailingSpacesAreDistinctEntitiesInABatch(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		List<String> ids = List.of("sgc|a", "sgc|A", "sgc|a ", "sgc|ä");
		try (JdbcDurableStateStore store = fixture.store(fixture.options);
				ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (long revision = 1; revision <= 3; revision++) {
				long next = revision;
				List<Future<?>> writes = new ArrayList<>();
				try (PositionLock lock = PositionLock.holdStates(fixture.dataSource, dialect, fixture.tables)) {
					writes.add(fixture.blockWriter(store, callers, "sgc|blocker" + revision));
					for (String id : ids) {
						writes.add(callers.submit(() -> store.upsert(state(id, next, id + "@" + next))));
					}
					await("all writes queued", () -> store.queuedWrites() == ids.size());
				}
				for (Future<?> write : writes) {
					write.get(10, TimeUnit.SECONDS);
				}
			}
			for (String id : ids) {
				assertSameState(store.get(id), state(id, 3, id + "@3"));
			}
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void theHeadOfTheChangeFeedIsReadWithoutScanningTheStates(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcDurableStateStore store = fixture.store(fixture.options)) {
			int rows = 20_000;
			fixture.insertStates(rows);
			store.upsert(state("sgc|last", 1));
			// the bulk rows have positions 1 to rows, the later write one after them
			fixture.awaitFeed(store, rows, List.of("sgc|last@1"));
			long last = fixture.readFeed(store, 0).stream().mapToLong(DurableStateChange::position).max().orElseThrow();
			assertThat(store.changesHeadPosition()).isEqualTo(last);
			String plan = fixture.plan(store.headStatement());
			switch (dialect) {
				// the largest position below the horizon: one backward probe of an index
				// leading on the position
				case POSTGRESQL -> assertThat(plan).as(plan)
					.doesNotContain("Seq Scan")
					.containsPattern("Index (Only )?Scan Backward using " + fixture.tables.prefix()
							+ "durable_state_position_idx");
				// the counter row: one primary-key read, the states are not read
				case MARIADB,
						MYSQL ->
					assertThat(plan).as(plan)
						.doesNotContain(fixture.tables.durableState())
						.contains(fixture.tables.journalPosition())
						.contains("const");
				case H2 -> assertThat(plan).as(plan)
					.doesNotContainIgnoringCase(fixture.tables.durableState())
					.containsIgnoringCase(fixture.tables.journalPosition())
					.containsIgnoringCase("PRIMARY_KEY");
			}
		}
	}

	private static void assertConflict(Future<?> write, String persistenceId, long expected) {
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> write.get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(RevisionConflictException.class, (ex) -> {
				assertThat(ex.persistenceId()).isEqualTo(persistenceId);
				assertThat(ex.expectedRevision()).isEqualTo(expected);
			});
	}

	/**
	 * Stores the first revisions of 5 entities, then, while the writer is blocked, queues
	 * one group of 10 writes (5 second revisions, 5 first revisions of new entities),
	 * arms a fault for the group's batch and lets the writer go.
	 * @return the group's writes
	 */
	private static List<Future<?>> queueAGroup(Fixture fixture, JdbcDialect dialect, JdbcDurableStateStore store,
			ExecutorService callers, Runnable arm) throws Exception {
		for (int i = 0; i < 5; i++) {
			store.upsert(state("sgc|u" + i, 1));
		}
		return queueTheGroup(fixture, dialect, store, callers, arm);
	}

	/**
	 * {@link #queueAGroup} once the first revisions of {@code sgc|u0..4} are stored.
	 */
	private static List<Future<?>> queueTheGroup(Fixture fixture, JdbcDialect dialect, JdbcDurableStateStore store,
			ExecutorService callers, Runnable arm) throws Exception {
		List<Future<?>> group = new ArrayList<>();
		Future<?> blocker;
		try (PositionLock lock = PositionLock.holdStates(fixture.dataSource, dialect, fixture.tables)) {
			blocker = fixture.blockWriter(store, callers);
			for (int i = 0; i < 5; i++) {
				String id = "sgc|u" + i;
				group.add(callers.submit(() -> store.upsert(state(id, 2))));
				String fresh = "sgc|n" + i;
				group.add(callers.submit(() -> store.upsert(state(fresh, 1))));
			}
			await("the group queued", () -> store.queuedWrites() == 10);
			arm.run();
		}
		blocker.get(10, TimeUnit.SECONDS);
		return group;
	}

	private static void assertSameState(@Nullable DurableStateRecord actual, DurableStateRecord expected) {
		assertThat(actual).as("state of %s", expected.persistenceId()).isNotNull();
		assertThat(actual.revision()).as("revision of %s", expected.persistenceId()).isEqualTo(expected.revision());
		assertThat(new String(actual.payload(), StandardCharsets.UTF_8)).as("payload of %s", expected.persistenceId())
			.isEqualTo(new String(expected.payload(), StandardCharsets.UTF_8));
		assertThat(actual.writeTime()).isEqualTo(expected.writeTime());
	}

	private static DurableStateRecord state(String persistenceId, long revision) {
		return state(persistenceId, revision, persistenceId + "@" + revision);
	}

	private static DurableStateRecord state(String persistenceId, long revision, String payload) {
		return new DurableStateRecord(persistenceId, "sgc", revision, PersistedEvent.sliceOf(persistenceId),
				"ego.test.Counter", payload.getBytes(StandardCharsets.UTF_8),
				Instant.parse("2025-01-01T00:00:00Z").plus(revision, ChronoUnit.MILLIS), null);
	}

	/**
	 * A database with this class's tables, emptied.
	 */
	private static final class Fixture {

		final JdbcDialect dialect;

		final DataSource dataSource;

		final JdbcStoreOptions options;

		final Tables tables;

		Fixture(JdbcDialect dialect) {
			this.dialect = dialect;
			this.options = TestDatabases.freshSchema(dialect, "sgc_" + dialect.scriptName() + "_");
			this.dataSource = TestDatabases.of(dialect);
			this.tables = new Tables(this.options.tablePrefix());
			new JdbcDurableStateStore(this.dataSource, this.options).close();
			TestDatabases.truncate(this.dataSource, this.tables.durableState());
		}

		JdbcDurableStateStore store(JdbcStoreOptions options) {
			return new JdbcDurableStateStore(this.dataSource, options);
		}

		JdbcDurableStateStore store(DataSource dataSource) {
			return new JdbcDurableStateStore(dataSource, this.options);
		}

		Future<?> blockWriter(JdbcDurableStateStore store, ExecutorService callers) {
			return blockWriter(store, callers, "sgc|blocker");
		}

		/**
		 * Starts a write that the writer takes alone and that blocks on the position lock
		 * the test holds, so that the writes started next queue up behind it.
		 */
		Future<?> blockWriter(JdbcDurableStateStore store, ExecutorService callers, String id) {
			Future<?> blocker = callers.submit(() -> store.upsert(state(id, 1)));
			awaitBlockedWriter(this.dataSource, this.dialect, this.tables);
			// and it is this store's writer, with the blocker alone: the writes started
			// next queue up
			await(() -> "the blocker alone in flight; pending " + store.pendingWrites() + ", queued "
					+ store.queuedWrites(), () -> store.pendingWrites() == 1 && store.queuedWrites() == 0);
			return blocker;
		}

		/**
		 * Reads the change feed after a position until it holds states written (each
		 * {@code id@revision}): on PostgreSQL a committed write appears only once older
		 * transactions of the whole server ended (see {@link Horizon}), and since the
		 * feed is gap-free, what it returns then is all there is.
		 */
		List<DurableStateChange> awaitFeed(JdbcDurableStateStore store, long after, List<String> written) {
			return Horizon.await("the change feed after " + after + " holding " + written, this.dataSource,
					() -> readFeed(store, after),
					(feed) -> feed.stream()
						.map((change) -> change.state().persistenceId() + "@" + change.state().revision())
						.toList()
						.containsAll(written));
		}

		List<DurableStateChange> readFeed(JdbcDurableStateStore store, long after) {
			List<DurableStateChange> all = new ArrayList<>();
			long offset = after;
			while (true) {
				List<DurableStateChange> page = store.changesAfter(offset, 0, ALL_SLICES, 1000);
				if (page.isEmpty()) {
					return all;
				}
				all.addAll(page);
				offset = page.get(page.size() - 1).position();
			}
		}

		/**
		 * Writes states in the rival's open transaction the way another node's writer
		 * does: positions allocated (taking the lock until commit on MariaDB and H2),
		 * then an insert of the first revision and an update.
		 */
		void rivalWrite(Connection rival, DurableStateRecord insert, DurableStateRecord update) throws SQLException {
			if (this.dialect.sql() instanceof PositionLockDialect locked) {
				long position = locked.allocate(rival, this.tables, PositionLockDialect.STATE_COUNTER, 2);
				locked.insertStates(rival, this.tables,
						List.of(new PositionLockDialect.StateRow(insert, position - 1)));
				assertThat(locked.updateStates(rival, this.tables,
						List.of(new PositionLockDialect.StateRow(update, position))))
					.isTrue();
				return;
			}
			long position;
			try (Statement statement = rival.createStatement();
					ResultSet rs = statement.executeQuery("SELECT " + this.tables.prefix() + "allocate_positions(2)")) {
				rs.next();
				position = rs.getLong(1);
			}
			try (PreparedStatement statement = rival.prepareStatement("INSERT INTO " + this.tables.durableState() + " ("
					+ PositionLockDialect.STATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
				bind(statement, insert, position);
				statement.executeUpdate();
			}
			try (PreparedStatement statement = rival.prepareStatement("UPDATE " + this.tables.durableState()
					+ " SET revision = ?, payload = ?, write_time = ?, position = ?, tx_id = pg_current_xact_id() "
					+ "WHERE persistence_id = ? AND revision = ?")) {
				statement.setLong(1, update.revision());
				statement.setBytes(2, update.payload());
				statement.setObject(3, this.dialect.sql().timestamp(update.writeTime()));
				statement.setLong(4, position + 1);
				statement.setString(5, update.persistenceId());
				statement.setLong(6, update.revision() - 1);
				assertThat(statement.executeUpdate()).isEqualTo(1);
			}
		}

		private void bind(PreparedStatement statement, DurableStateRecord state, long position) throws SQLException {
			statement.setString(1, state.persistenceId());
			statement.setLong(2, state.revision());
			statement.setString(3, state.entityType());
			statement.setInt(4, state.slice());
			statement.setString(5, state.stateType());
			statement.setBytes(6, state.payload());
			statement.setString(7, state.keyId());
			statement.setObject(8, this.dialect.sql().timestamp(state.writeTime()));
			statement.setLong(9, position);
		}

		/**
		 * Inserts many states directly (positions 1 to {@code count}), then lets the
		 * database gather statistics.
		 */
		void insertStates(int count) throws SQLException {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(false);
				try (PreparedStatement statement = connection
					.prepareStatement("INSERT INTO " + this.tables.durableState() + " ("
							+ PositionLockDialect.STATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
					for (int i = 1; i <= count; i++) {
						bind(statement, state("sgc|bulk" + i, 1), i);
						statement.addBatch();
						if (i % 1000 == 0) {
							statement.executeBatch();
						}
					}
					statement.executeBatch();
				}
				try (Statement statement = connection.createStatement()) {
					// later writes get positions after these
					statement.execute((this.dialect == JdbcDialect.POSTGRESQL)
							? "SELECT setval('" + this.tables.journalPosition() + "', GREATEST((SELECT last_value FROM "
									+ this.tables.journalPosition() + "), " + count + "))"
							: "UPDATE " + this.tables.journalPosition()
									+ " SET last_position = GREATEST(last_position, " + count + ") WHERE id = "
									+ PositionLockDialect.STATE_COUNTER);
				}
				connection.commit();
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					switch (this.dialect) {
						case POSTGRESQL -> statement.execute("ANALYZE " + this.tables.durableState());
						case MARIADB, MYSQL -> statement.execute("ANALYZE TABLE " + this.tables.durableState());
						case H2 -> statement.execute("ANALYZE TABLE " + this.tables.durableState());
					}
				}
			}
		}

		/** The plan of a query, as text. */
		String plan(String sql) throws SQLException {
			StringBuilder plan = new StringBuilder();
			try (Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					for (int c = 1; c <= columns; c++) {
						plan.append(rs.getString(c)).append(' ');
					}
					plan.append('\n');
				}
			}
			return plan.toString();
		}

	}

}
