package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL: one multi-row insert per journal transaction ({@code UNNEST} of arrays, one
 * prepared statement whatever the batch size), and gap-free reads by position through
 * transaction ids.
 * <p>
 * <b>Gap-free reading.</b> Every journal row records its writing transaction
 * ({@code tx_id}, an {@code xid8}). A reader only returns rows whose transaction is older
 * than the oldest transaction still running when its statement's snapshot was taken
 * ({@code tx_id < pg_snapshot_xmin(pg_current_snapshot())}); those transactions are
 * finished, so their rows are visible if they committed. That alone is not enough,
 * because positions come from a sequence and transaction ids are assigned independently:
 * a transaction that got its id early may draw a position after a younger one, commit,
 * and pass the filter while the younger one, holding a lower position, is still running.
 * So {@code allocate_positions} (in the schema script) assigns the transaction id and the
 * positions inside one short critical section (a session advisory lock, released before
 * the function returns): among journal writers, transaction-id order is then position
 * order. A returned row at position {@code q} therefore proves that every writer holding
 * a position below {@code q} has a smaller transaction id, below the horizon, hence is
 * finished: nothing below {@code q} can appear later. Writers still insert and commit in
 * parallel; a long-running writing transaction anywhere in the cluster holds the horizon
 * back (delays readers, never loses events).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class PostgresDialect implements SqlDialect {

	@Override
	public Object timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	@Override
	public Instant instant(ResultSet resultSet, int column) throws SQLException {
		return resultSet.getObject(column, OffsetDateTime.class).toInstant();
	}

	@Override
	public String horizonCondition() {
		return " AND tx_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))";
	}

	@Override
	public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
		return SqlDialect.insert(table, keyColumns, valueColumns) + " ON CONFLICT (" + String.join(", ", keyColumns)
				+ ") DO UPDATE SET " + SqlDialect.assignments(valueColumns, (column) -> "EXCLUDED." + column);
	}

	@Override
	public String upsertHighest(Tables tables) {
		// hand-written: keeps the greater value instead of replacing it (see
		// SqlDialect#upsertHighest)
		return "INSERT INTO " + tables.journalHighest() + " (persistence_id, highest_seq_nr) VALUES (?, ?) "
				+ "ON CONFLICT (persistence_id) DO UPDATE SET highest_seq_nr = " + "GREATEST(" + tables.journalHighest()
				+ ".highest_seq_nr, EXCLUDED.highest_seq_nr)";
	}

	@Override
	public Map<String, Long> highestSequenceNrs(Connection connection, Tables tables, List<String> persistenceIds)
			throws SQLException {
		// one index probe per entity (MAX is answered from the end of the unique index),
		// one round trip
		String sql = "SELECT i.id, (SELECT MAX(j.seq_nr) FROM " + tables.journal()
				+ " j WHERE j.persistence_id = i.id), " + "(SELECT h.highest_seq_nr FROM " + tables.journalHighest()
				+ " h WHERE h.persistence_id = i.id) " + "FROM UNNEST(?::varchar[]) AS i(id)";
		Map<String, Long> highest = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setArray(1, connection.createArrayOf("varchar", persistenceIds.toArray(new String[0])));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					long value = Math.max(rs.getLong(2), rs.getLong(3));
					if (value > 0) {
						highest.put(rs.getString(1), value);
					}
				}
			}
		}
		return highest;
	}

	@Override
	public void insertEvents(Connection connection, Tables tables, List<AppendRequest> requests, int eventCount)
			throws SQLException {
		// the CTE is evaluated once, before the first row is inserted: the transaction id
		// is assigned inside allocate_positions (which checks that none was assigned
		// before)
		String sql = "WITH allocated AS MATERIALIZED (SELECT " + tables.prefix()
				+ "allocate_positions(?) AS first_position) " + insertFromAllocated(tables);
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, eventCount);
			bindEvents(connection, statement, 2, requests, eventCount);
			int rows = statement.executeUpdate();
			if (rows != eventCount) {
				throw new SQLException("inserted " + rows + " journal rows instead of " + eventCount);
			}
		}
	}

	/**
	 * The statements of {@link #checkAndInsertEvents}, made once per store.
	 *
	 * @param tables the tables they write
	 * @param single the statement of a single event, over scalar parameters
	 * @param batch the statement of a batch, over parameter arrays
	 */
	record AppendStatements(Tables tables, String single, String batch) {
	}

	/**
	 * Makes the statements of {@link #checkAndInsertEvents} for a store's tables.
	 * @param tables the tables
	 * @return the statements
	 */
	AppendStatements appendStatements(Tables tables) {
		// one INSERT ... SELECT whose one-time filter is the check: the filter's
		// subqueries
		// run first, allocate_positions only when it passes (assigning the transaction
		// id,
		// which it checks was not assigned before), the column default tx_id after it
		String single = "INSERT INTO " + tables.journal() + " (" + EventRows.COLUMNS + ") SELECT " + tables.prefix()
				+ "allocate_positions(1), ?::varchar, ?::int8, ?::varchar, ?::int4, ?::varchar, ?::bytea, ?::varchar, "
				+ "TIMESTAMPTZ 'epoch' + ?::int8 * INTERVAL '1 microsecond', ?::bytea "
				+ "WHERE GREATEST(COALESCE((SELECT MAX(j.seq_nr) FROM " + tables.journal()
				+ " j WHERE j.persistence_id = ?), 0), COALESCE((SELECT h.highest_seq_nr FROM "
				+ tables.journalHighest() + " h WHERE h.persistence_id = ?), 0)) = ?";
		String batch = "WITH heads AS MATERIALIZED (SELECT r.id, r.expected, GREATEST(COALESCE((SELECT MAX(j.seq_nr) FROM "
				+ tables.journal() + " j WHERE j.persistence_id = r.id), 0), COALESCE((SELECT h.highest_seq_nr FROM "
				+ tables.journalHighest() + " h WHERE h.persistence_id = r.id), 0)) AS actual "
				+ "FROM UNNEST(?::varchar[], ?::int8[]) AS r(id, expected)), " + "allocated AS MATERIALIZED (SELECT "
				+ tables.prefix() + "allocate_positions(?) AS first_position "
				+ "WHERE NOT EXISTS (SELECT 1 FROM heads WHERE actual <> expected)), " + "inserted AS ("
				+ insertFromAllocated(tables) + " RETURNING 1) "
				+ "SELECT (SELECT COUNT(*) FROM inserted), c.id, c.actual FROM (SELECT 1) AS one "
				+ "LEFT JOIN heads c ON c.actual <> c.expected";
		return new AppendStatements(tables, single, batch);
	}

	/**
	 * Checks and inserts the appends of a batch in one statement (the journal writer runs
	 * it in auto-commit mode: its own transaction): the highest sequence number of every
	 * entity is read (one index probe each, deleted events included), and only when every
	 * append continues its entity's history are positions allocated and all events
	 * inserted; otherwise nothing is written (and no transaction id assigned, so the
	 * transaction may run it again for the appends that do not conflict). One round trip
	 * instead of a query and an insert.
	 * @param connection the writer's connection, in auto-commit mode or in a transaction
	 * that has not written anything
	 * @param statements the store's statements ({@link #appendStatements})
	 * @param requests the appends, at most one per entity
	 * @param eventCount the number of events of all requests
	 * @return the stored highest sequence number of each entity whose append conflicts,
	 * empty when every append was inserted
	 * @throws SQLException when the statement fails (a duplicate key on a concurrent
	 * append)
	 */
	Map<String, Long> checkAndInsertEvents(Connection connection, AppendStatements statements,
			List<AppendRequest> requests, int eventCount) throws SQLException {
		if (eventCount == 1) {
			return checkAndInsertEvent(connection, statements.single(), statements.tables(), requests.get(0));
		}
		String[] ids = new String[requests.size()];
		Long[] expected = new Long[requests.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = requests.get(i).persistenceId();
			expected[i] = requests.get(i).expectedSequenceNr();
		}
		Map<String, Long> conflicts = new HashMap<>();
		long rows = 0;
		try (PreparedStatement statement = connection.prepareStatement(statements.batch())) {
			statement.setArray(1, connection.createArrayOf("varchar", ids));
			statement.setArray(2, connection.createArrayOf("int8", expected));
			statement.setInt(3, eventCount);
			bindEvents(connection, statement, 4, requests, eventCount);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rows = rs.getLong(1);
					String id = rs.getString(2);
					if (id != null) {
						conflicts.put(id, rs.getLong(3));
					}
				}
			}
		}
		if (conflicts.isEmpty() && rows != eventCount) {
			throw new SQLException("inserted " + rows + " journal rows instead of " + eventCount);
		}
		if (!conflicts.isEmpty() && rows != 0) {
			throw new SQLException("inserted " + rows + " journal rows despite conflicts " + conflicts);
		}
		return conflicts;
	}

	/**
	 * {@link #checkAndInsertEvents} of a single event (a sequential caller's command):
	 * scalar parameters instead of arrays. PostgreSQL plans a statement over parameter
	 * arrays again at every execution (the generic plan, which cannot know the array
	 * sizes, never looks cheaper than a custom one), which costs more than executing it;
	 * this statement's generic plan is kept once the statement is prepared on the server.
	 * A plain {@code INSERT ... SELECT ... WHERE check} rather than the batch's CTEs: a
	 * smaller plan to start and end per execution; a conflict (no row inserted) costs a
	 * second query for the stored head.
	 */
	private Map<String, Long> checkAndInsertEvent(Connection connection, String sql, Tables tables,
			AppendRequest request) throws SQLException {
		PersistedEvent event = request.events().get(0);
		byte[] metadata = request.metadata().get(0);
		int rows;
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, event.persistenceId());
			statement.setLong(2, event.sequenceNr());
			statement.setString(3, event.entityType());
			statement.setInt(4, event.slice());
			statement.setString(5, event.eventType());
			statement.setBytes(6, event.payload());
			statement.setString(7, event.keyId());
			statement.setLong(8, ChronoUnit.MICROS.between(Instant.EPOCH, event.writeTime()));
			if (metadata.length == 0) {
				statement.setNull(9, Types.BINARY);
			}
			else {
				statement.setBytes(9, metadata);
			}
			statement.setString(10, request.persistenceId());
			statement.setString(11, request.persistenceId());
			statement.setLong(12, request.expectedSequenceNr());
			rows = statement.executeUpdate();
		}
		if (rows == 1) {
			return Map.of();
		}
		if (rows != 0) {
			throw new SQLException("inserted " + rows + " journal rows instead of 1");
		}
		// the check failed and nothing was written: the stored head, for the conflict
		// (read after the check, it can only be higher)
		long actual = highestSequenceNrs(connection, tables, List.of(request.persistenceId()))
			.getOrDefault(request.persistenceId(), 0L);
		return Map.of(request.persistenceId(), actual);
	}

	/**
	 * The insert of the events bound by {@link #bindEvents}, at positions from a CTE
	 * {@code allocated(first_position)}.
	 */
	private static String insertFromAllocated(Tables tables) {
		return "INSERT INTO " + tables.journal() + " (" + EventRows.COLUMNS + ") "
				+ "SELECT a.first_position + e.ord - 1, e.persistence_id, e.seq_nr, e.entity_type, e.slice, e.event_type, "
				+ "e.payload, e.key_id, TIMESTAMPTZ 'epoch' + e.write_time * INTERVAL '1 microsecond', e.metadata "
				+ "FROM allocated a, UNNEST(?::varchar[], ?::int8[], ?::varchar[], ?::int4[], ?::varchar[], ?::bytea[], "
				+ "?::varchar[], ?::int8[], ?::bytea[]) WITH ORDINALITY AS e(persistence_id, seq_nr, entity_type, slice, "
				+ "event_type, payload, key_id, write_time, metadata, ord)";
	}

	/**
	 * Binds the events of the requests as nine arrays, one per column, from parameter
	 * {@code first} on.
	 */
	private static void bindEvents(Connection connection, PreparedStatement statement, int first,
			List<AppendRequest> requests, int eventCount) throws SQLException {
		String[] ids = new String[eventCount];
		Long[] seqs = new Long[eventCount];
		String[] entityTypes = new String[eventCount];
		Integer[] slices = new Integer[eventCount];
		String[] eventTypes = new String[eventCount];
		byte[][] payloads = new byte[eventCount][];
		@Nullable String[] keyIds = new String[eventCount];
		Long[] writeTimes = new Long[eventCount];
		byte[] @Nullable [] metadata = new byte[eventCount][];
		int i = 0;
		for (AppendRequest request : requests) {
			List<byte[]> encoded = request.metadata();
			for (int e = 0; e < request.size(); e++, i++) {
				PersistedEvent event = request.events().get(e);
				ids[i] = event.persistenceId();
				seqs[i] = event.sequenceNr();
				entityTypes[i] = event.entityType();
				slices[i] = event.slice();
				eventTypes[i] = event.eventType();
				payloads[i] = event.payload();
				keyIds[i] = event.keyId();
				writeTimes[i] = ChronoUnit.MICROS.between(Instant.EPOCH, event.writeTime());
				metadata[i] = (encoded.get(e).length > 0) ? encoded.get(e) : null;
			}
		}
		statement.setArray(first, connection.createArrayOf("varchar", ids));
		statement.setArray(first + 1, connection.createArrayOf("int8", seqs));
		statement.setArray(first + 2, connection.createArrayOf("varchar", entityTypes));
		statement.setArray(first + 3, connection.createArrayOf("int4", slices));
		statement.setArray(first + 4, connection.createArrayOf("varchar", eventTypes));
		statement.setArray(first + 5, connection.createArrayOf("bytea", payloads));
		statement.setArray(first + 6, connection.createArrayOf("varchar", keyIds));
		statement.setArray(first + 7, connection.createArrayOf("int8", writeTimes));
		statement.setArray(first + 8, connection.createArrayOf("bytea", metadata));
	}

	/**
	 * Returns the statement that writes a batch of durable states in auto-commit mode
	 * (the state writer's): arrays of the states in batch order (see
	 * {@link #bindStates}), {@code RETURNING} the entities written. Not an upsert
	 * ({@link SqlDialect#upsert}): a first revision is inserted only when no row exists
	 * ({@code DO NOTHING}), a later one updates only the row at the expected revision,
	 * and an entity not returned lost to the stored revision.
	 * @param tables the tables
	 * @return the statement
	 */
	String stateWriteStatement(Tables tables) {
		String table = tables.durableState();
		String writeTime = "TIMESTAMPTZ 'epoch' + s.write_time * INTERVAL '1 microsecond'";
		return "WITH allocated AS MATERIALIZED (SELECT " + tables.prefix()
				+ "allocate_positions(?) AS first_position), "
				+ "input AS MATERIALIZED (SELECT * FROM UNNEST(?::varchar[], ?::int8[], ?::varchar[], ?::int4[], "
				+ "?::varchar[], ?::bytea[], ?::varchar[], ?::int8[]) WITH ORDINALITY AS s(persistence_id, revision, "
				+ "entity_type, slice, state_type, payload, key_id, write_time, ord)), " + "inserted AS (INSERT INTO "
				+ table + " (" + PositionLockDialect.STATE_COLUMNS + ") SELECT "
				+ "s.persistence_id, s.revision, s.entity_type, s.slice, s.state_type, s.payload, s.key_id, "
				+ writeTime + ", a.first_position + s.ord - 1 FROM allocated a, input s WHERE s.revision = 1 "
				+ "ON CONFLICT (persistence_id) DO NOTHING RETURNING persistence_id), " + "updated AS (UPDATE " + table
				+ " d SET revision = s.revision, entity_type = s.entity_type, "
				+ "slice = s.slice, state_type = s.state_type, payload = s.payload, key_id = s.key_id, "
				+ "write_time = " + writeTime
				+ ", position = a.first_position + s.ord - 1, tx_id = pg_current_xact_id() "
				+ "FROM allocated a, input s WHERE s.revision > 1 AND d.persistence_id = s.persistence_id "
				+ "AND d.revision = s.revision - 1 RETURNING d.persistence_id) "
				+ "SELECT persistence_id FROM inserted UNION ALL SELECT persistence_id FROM updated";
	}

	/**
	 * Binds the states of a batch to the {@link #stateWriteStatement}: the batch size,
	 * then one array per column.
	 * @param connection the connection, to create the arrays
	 * @param statement the statement
	 * @param states the states, in the order they are written
	 * @throws SQLException when an array cannot be created
	 */
	static void bindStates(Connection connection, PreparedStatement statement, List<DurableStateRecord> states)
			throws SQLException {
		int n = states.size();
		String[] ids = new String[n];
		Long[] revisions = new Long[n];
		String[] entityTypes = new String[n];
		Integer[] slices = new Integer[n];
		String[] stateTypes = new String[n];
		byte[][] payloads = new byte[n][];
		@Nullable String[] keyIds = new String[n];
		Long[] writeTimes = new Long[n];
		for (int i = 0; i < n; i++) {
			DurableStateRecord state = states.get(i);
			ids[i] = state.persistenceId();
			revisions[i] = state.revision();
			entityTypes[i] = state.entityType();
			slices[i] = state.slice();
			stateTypes[i] = state.stateType();
			payloads[i] = state.payload();
			keyIds[i] = state.keyId();
			writeTimes[i] = ChronoUnit.MICROS.between(Instant.EPOCH, state.writeTime());
		}
		statement.setInt(1, n);
		statement.setArray(2, connection.createArrayOf("varchar", ids));
		statement.setArray(3, connection.createArrayOf("int8", revisions));
		statement.setArray(4, connection.createArrayOf("varchar", entityTypes));
		statement.setArray(5, connection.createArrayOf("int4", slices));
		statement.setArray(6, connection.createArrayOf("varchar", stateTypes));
		statement.setArray(7, connection.createArrayOf("bytea", payloads));
		statement.setArray(8, connection.createArrayOf("varchar", keyIds));
		statement.setArray(9, connection.createArrayOf("int8", writeTimes));
	}

	@Override
	public void afterFailedWrite(Connection connection, Tables tables) throws SQLException {
		// allocate_positions may have failed between taking and releasing the session
		// lock
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_advisory_unlock(" + tables.advisoryLockKeys(1) + ") FROM pg_locks "
					+ "WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted " + "AND classid = "
					+ (0x45474f00 | 1) + " AND objid = " + Integer.toUnsignedLong(tables.prefix().hashCode()));
		}
	}

	@Override
	public Map<String, String> placeholders(Tables tables) {
		return Map.of("positionLock", tables.advisoryLockKeys(1));
	}

	@Override
	public void lockSchema(Connection connection, Tables tables) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(" + tables.advisoryLockKeys(2) + ")");
		}
	}

	@Override
	public void unlockSchema(Connection connection, Tables tables) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_advisory_unlock(" + tables.advisoryLockKeys(2) + ")");
		}
	}

	@Override
	public String positionLockStatement(Tables tables) {
		return "SELECT pg_advisory_lock(" + tables.advisoryLockKeys(1) + ")";
	}

}
