package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.ego.core.store.PersistedEvent;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ego.store.jdbc.TestEvents.events;
import static io.ego.store.jdbc.TestEvents.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reads by position never skip an event whose transaction commits after a higher position
 * became visible: a writer transaction of the test allocates positions and holds its
 * commit while another writer commits a later position, and many writers commit out of
 * allocation order while a reader tails the journal.
 *
 * @author eGo team
 * @since 0.1.0
 */
class GapFreeReadingTests {

	private static final int MAX_SLICE = PersistedEvent.SLICE_COUNT - 1;

	private static final int MAX_PAYLOAD = 1 << 20;

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aLaterPositionIsNotReadBeforeAnEarlierOneCommits(JdbcDialect dialect) throws Exception {
		Fixture fixture = new Fixture(dialect);
		try (JdbcEventStore store = fixture.store();
				ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			store.append("gap|before", 0, events("gap|before", 1, 1));
			long base = awaitHead(store, fixture.dataSource, store.replay("gap|before", 1, 1, 1).get(0).position());
			Future<?> later;
			try (Connection held = fixture.dataSource.getConnection()) {
				held.setAutoCommit(false);
				AppendRequest earlier = AppendRequest.of("gap|a", 0, events("gap|a", 1, 2), MAX_PAYLOAD);
				dialect.sql().insertEvents(held, fixture.tables, List.of(earlier), 2);
				List<Long> earlierPositions = positions(held, fixture.tables, "gap|a");

				later = executor.submit(() -> store.append("gap|b", 0, events("gap|b", 1, 1)));
				if (dialect == JdbcDialect.POSTGRESQL) {
					// the later writer commits at once, with a higher position than the
					// held one
					later.get(10, TimeUnit.SECONDS);
					long laterPosition = store.replay("gap|b", 1, 1, 1).get(0).position();
					assertThat(laterPosition).isGreaterThan(earlierPositions.get(1));
					try (Connection reader = fixture.dataSource.getConnection()) {
						assertThat(positions(reader, fixture.tables, "gap|b"))
							.as("committed and visible to a reader that ignores the horizon, which would skip gap|a")
							.containsExactly(laterPosition);
					}
				}
				else {
					// the later writer waits for the position lock until the held
					// transaction ends
					WriterProbe.awaitBlockedWriter(fixture.dataSource, dialect, fixture.tables);
					WriterProbe.assertHolds("the later append behind the held position lock", Duration.ofMillis(300),
							() -> !later.isDone());
				}
				assertThat(store.eventsAfter(base, 0, MAX_SLICE, 100)).as("events after %d while gap|a is open", base)
					.isEmpty();
				assertThat(store.headPosition()).isEqualTo(base);

				held.commit();
			}
			later.get(10, TimeUnit.SECONDS);
			awaitHead(store, fixture.dataSource, store.replay("gap|b", 1, 1, 1).get(0).position());

			List<PersistedEvent> read = store.eventsAfter(base, 0, MAX_SLICE, 100);
			assertThat(keys(read)).containsExactly("gap|a#1", "gap|a#2", "gap|b#1");
			assertIncreasingPositions(read);
		}
	}

	@Test
	void onPostgresqlATransactionThatAlreadyWroteCannotAllocatePositions() throws Exception {
		Fixture fixture = new Fixture(JdbcDialect.POSTGRESQL);
		try (Connection connection = fixture.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SELECT pg_current_xact_id()");
			}
			AppendRequest request = AppendRequest.of("gap|late", 0, events("gap|late", 1, 1), MAX_PAYLOAD);
			assertThatExceptionOfType(SQLException.class).isThrownBy(
					() -> JdbcDialect.POSTGRESQL.sql().insertEvents(connection, fixture.tables, List.of(request), 1))
				.withMessageContaining("must be allocated before the transaction writes anything");
			connection.rollback();
		}
	}

	/**
	 * Shows why {@code allocate_positions} assigns the transaction id and the positions
	 * under one lock: without it, a transaction whose id is older can draw a higher
	 * position, commit, and pass the horizon while a younger one holding a lower position
	 * is still open.
	 */
	@Test
	void onPostgresqlTheTransactionIdHorizonAloneWouldSkipAnEvent() throws Exception {
		Fixture fixture = new Fixture(JdbcDialect.POSTGRESQL);
		Tables tables = fixture.tables;
		try (Connection older = fixture.dataSource.getConnection();
				Connection younger = fixture.dataSource.getConnection();
				Connection reader = fixture.dataSource.getConnection()) {
			older.setAutoCommit(false);
			younger.setAutoCommit(false);
			long olderXid = queryLong(older, "SELECT pg_current_xact_id()::text::bigint");
			long youngerXid = queryLong(younger, "SELECT pg_current_xact_id()::text::bigint");
			long lower = rawInsert(younger, tables, "naive|younger");
			long higher = rawInsert(older, tables, "naive|older");
			older.commit();
			assertThat(olderXid).isLessThan(youngerXid);
			assertThat(lower).isLessThan(higher);

			// the horizon passes the older transaction once every transaction of the
			// server older than it ended (another build's, on another database, may still
			// run); younger holds it at its own id
			String horizonSql = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
			boolean passed;
			try {
				Awaitility.await()
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(20))
					.pollInSameThread()
					.atMost(Horizon.TIMEOUT)
					.until(() -> queryLong(reader, horizonSql) > olderXid);
				passed = true;
			}
			catch (ConditionTimeoutException ex) {
				passed = false;
			}
			Assumptions.assumeTrue(passed, () -> "transactions of the server hold the horizon back for "
					+ Horizon.TIMEOUT + ": " + Horizon.holders(fixture.dataSource));
			List<Long> naive = new ArrayList<>();
			try (Statement statement = reader.createStatement();
					ResultSet rs = statement.executeQuery("SELECT position FROM " + tables.journal()
							+ " WHERE persistence_id LIKE 'naive|%' AND tx_id < pg_snapshot_xmin(pg_current_snapshot()) "
							+ "ORDER BY position")) {
				while (rs.next()) {
					naive.add(rs.getLong(1));
				}
			}
			assertThat(naive).as("a naive reader returns the higher position while the lower one is still open")
				.containsExactly(higher);
			younger.rollback();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	@Timeout(120)
	void aTailingReaderSeesEveryEventOnceInOrderWhileSixteenWritersCommitOutOfOrder(JdbcDialect dialect)
			throws Exception {
		int writers = 16;
		int transactionsPerWriter = 63;
		int entitiesPerTransaction = 5;
		int eventsPerEntity = 20;
		int total = writers * transactionsPerWriter * entitiesPerTransaction * eventsPerEntity;
		assertThat(total).isGreaterThanOrEqualTo(100_000);
		Fixture fixture = new Fixture(dialect);
		try (JdbcEventStore store = fixture.store(); ExecutorService executor = Executors.newCachedThreadPool()) {
			AtomicBoolean writing = new AtomicBoolean(true);
			AtomicLong highestCommitted = new AtomicLong();
			Future<List<PersistedEvent>> reader = executor.submit(() -> tail(store, writing, highestCommitted));
			List<Future<Integer>> writing16 = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				writing16.add(executor.submit(() -> {
					Map<String, Long> seqs = new HashMap<>();
					int written = 0;
					try (Connection connection = fixture.dataSource.getConnection()) {
						connection.setAutoCommit(false);
						for (int t = 0; t < transactionsPerWriter; t++) {
							List<AppendRequest> requests = new ArrayList<>();
							for (int e = 0; e < entitiesPerTransaction; e++) {
								String id = "ooo|w" + writer + "-e" + ((t * entitiesPerTransaction + e) % 50);
								long seq = seqs.getOrDefault(id, 0L);
								requests
									.add(AppendRequest.of(id, seq, events(id, seq + 1, eventsPerEntity), MAX_PAYLOAD));
								seqs.put(id, seq + eventsPerEntity);
							}
							dialect.sql()
								.insertEvents(connection, fixture.tables, requests,
										entitiesPerTransaction * eventsPerEntity);
							if (ThreadLocalRandom.current().nextInt(3) == 0) {
								// hold the commit
								Thread.sleep(ThreadLocalRandom.current().nextInt(1, 4));
							}
							long last = lastPosition(connection, fixture.tables, requests.get(requests.size() - 1));
							connection.commit();
							highestCommitted.accumulateAndGet(last, Math::max);
							written += entitiesPerTransaction * eventsPerEntity;
						}
					}
					return written;
				}));
			}
			int written = 0;
			for (Future<Integer> writer : writing16) {
				written += writer.get(100, TimeUnit.SECONDS);
			}
			writing.set(false);
			List<PersistedEvent> read = reader.get(60, TimeUnit.SECONDS);

			assertThat(written).isEqualTo(total);
			assertThat(read).as("events read by the tailing reader").hasSize(total);
			assertIncreasingPositions(read);
			assertThat(new HashSet<>(keys(read))).as("distinct events read").hasSize(total);
			Map<String, Long> lastSeq = new HashMap<>();
			for (PersistedEvent event : read) {
				long previous = lastSeq.getOrDefault(event.persistenceId(), 0L);
				if (event.sequenceNr() != previous + 1) {
					fail("read " + TestEvents.key(event) + " after sequence number " + previous);
				}
				lastSeq.put(event.persistenceId(), event.sequenceNr());
			}
		}
	}

	private static List<PersistedEvent> tail(JdbcEventStore store, AtomicBoolean writing, AtomicLong highestCommitted)
			throws InterruptedException {
		List<PersistedEvent> read = new ArrayList<>();
		long after = 0;
		while (true) {
			boolean lastPass = !writing.get() && after >= highestCommitted.get();
			List<PersistedEvent> page = store.eventsAfter(after, 0, MAX_SLICE, 1000);
			for (PersistedEvent event : page) {
				if (event.position() <= after) {
					fail("eventsAfter(" + after + ") returned " + event);
				}
				after = event.position();
				read.add(event);
			}
			if (page.isEmpty()) {
				if (lastPass) {
					return read;
				}
				Thread.sleep(1);
			}
		}
	}

	/**
	 * Waits until the head reaches a position: on PostgreSQL a committed append is read
	 * only once older transactions of the whole server ended (see {@link Horizon}).
	 */
	private static long awaitHead(JdbcEventStore store, DataSource dataSource, long position) {
		return Horizon.await("the head at position " + position, dataSource, store::headPosition,
				(head) -> head >= position);
	}

	private static void assertIncreasingPositions(List<PersistedEvent> events) {
		long previous = 0;
		for (PersistedEvent event : events) {
			assertThat(event.position()).as("position of %s", event).isGreaterThan(previous);
			previous = event.position();
		}
	}

	private static List<Long> positions(Connection connection, Tables tables, String persistenceId)
			throws SQLException {
		List<Long> positions = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT position FROM " + tables.journal() + " WHERE persistence_id = ? ORDER BY position")) {
			statement.setString(1, persistenceId);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					positions.add(rs.getLong(1));
				}
			}
		}
		return positions;
	}

	private static long lastPosition(Connection connection, Tables tables, AppendRequest request) throws SQLException {
		List<Long> positions = positions(connection, tables, request.persistenceId());
		return positions.get(positions.size() - 1);
	}

	private static long queryLong(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static long rawInsert(Connection connection, Tables tables, String persistenceId) throws SQLException {
		long position = queryLong(connection, "SELECT nextval('" + tables.journalPosition() + "')");
		try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + tables.journal()
				+ " (position, persistence_id, seq_nr, entity_type, slice, event_type, payload, write_time) "
				+ "VALUES (?, ?, 1, 'naive', 0, 'naive', ''::bytea, now())")) {
			statement.setLong(1, position);
			statement.setString(2, persistenceId);
			statement.executeUpdate();
		}
		return position;
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
			this.options = TestDatabases.freshSchema(dialect, "gap_" + dialect.scriptName() + "_");
			this.dataSource = TestDatabases.of(dialect);
			this.tables = new Tables(this.options.tablePrefix());
			new JdbcEventStore(this.dataSource,
					this.options.withInitializeSchema(JdbcStoreOptions.InitializeSchema.ALWAYS))
				.close();
			TestDatabases.truncate(this.dataSource, this.tables.journal(), this.tables.journalHighest());
		}

		JdbcEventStore store() {
			return new JdbcEventStore(this.dataSource, this.options);
		}

	}

}
