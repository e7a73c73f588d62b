package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ego.core.store.PersistedEvent;

/**
 * MariaDB and MySQL: {@code DATETIME(6)} columns holding UTC, positions from the counter
 * row (see {@link PositionLockDialect}), JDBC batch inserts.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class MariaDbDialect extends PositionLockDialect {

	/**
	 * The ids of {@link #highestSequenceNrs}, converted to the identifier columns'
	 * charset and collation.
	 */
	private final String collation;

	private final String idValue;

	/**
	 * @param collation the collation of the identifier columns, the {@code collation} of
	 * the schema scripts' properties ({@code utf8mb4_nopad_bin} on MariaDB,
	 * {@code utf8mb4_0900_bin} on MySQL)
	 */
	MariaDbDialect(String collation) {
		this.collation = collation;
		this.idValue = "CONVERT(? USING utf8mb4) COLLATE " + collation;
	}

	/**
	 * @return the collation of the identifier columns
	 */
	String collation() {
		return this.collation;
	}

	@Override
	public Object timestamp(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	@Override
	public Instant instant(ResultSet resultSet, int column) throws SQLException {
		return resultSet.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
	}

	@Override
	long allocate(Connection connection, Tables tables, int counter, int count) throws SQLException {
		// LAST_INSERT_ID(expr) hands the new value back in the update's OK packet: one
		// round trip
		String sql = "UPDATE " + tables.journalPosition() + " SET last_position = LAST_INSERT_ID(last_position + ?) "
				+ "WHERE id = " + counter;
		try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
			statement.setInt(1, count);
			if (statement.executeUpdate() != 1) {
				throw new SQLException("the position counter row of " + tables.journalPosition() + " is missing");
			}
			try (ResultSet keys = statement.getGeneratedKeys()) {
				if (keys.next() && keys.getLong(1) > 0) {
					return keys.getLong(1);
				}
			}
		}
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT LAST_INSERT_ID()")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/**
	 * Returns the call of the append procedure ({@code append_event}, schema version 8).
	 * @param tables the tables
	 * @return the call
	 */
	String appendCall(Tables tables) {
		return "CALL " + tables.prefix() + "append_event(?, ?, ?, ?, ?, ?, ?, ?, ?)";
	}

	/**
	 * Appends a single event with the append procedure, in auto-commit mode: the
	 * procedure's own transaction checks the entity's highest sequence number, takes the
	 * position lock, inserts and commits, in one round trip; on a conflict nothing is
	 * written.
	 * @param connection the writer's connection, in auto-commit mode
	 * @param call the call ({@link #appendCall})
	 * @param request the append, of one event
	 * @return the stored highest sequence number of the entity when the append conflicts,
	 * empty when it was written
	 * @throws SQLException when the call fails (a duplicate key on a concurrent append)
	 */
	Map<String, Long> appendEvent(Connection connection, String call, AppendRequest request) throws SQLException {
		PersistedEvent event = request.events().get(0);
		byte[] metadata = request.metadata().get(0);
		try (PreparedStatement statement = connection.prepareStatement(call)) {
			statement.setString(1, request.persistenceId());
			statement.setLong(2, request.expectedSequenceNr());
			statement.setString(3, event.entityType());
			statement.setInt(4, event.slice());
			statement.setString(5, event.eventType());
			statement.setBytes(6, event.payload());
			statement.setString(7, event.keyId());
			statement.setObject(8, timestamp(event.writeTime()));
			if (metadata.length == 0) {
				statement.setNull(9, Types.BLOB);
			}
			else {
				statement.setBytes(9, metadata);
			}
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					throw new SQLException(
							"the append procedure returned no row for '" + request.persistenceId() + "'");
				}
				long actual = rs.getLong(1);
				return (actual == request.expectedSequenceNr()) ? Map.of() : Map.of(request.persistenceId(), actual);
			}
		}
	}

	@Override
	public void afterFailedWrite(Connection connection, Tables tables) throws SQLException {
		// the append procedure rolls back on an error; should an interruption end it
		// first, its transaction must not stay open on the pooled connection
		if (connection.getAutoCommit()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("ROLLBACK");
			}
		}
	}

	@Override
	public Map<String, Long> highestSequenceNrs(Connection connection, Tables tables, List<String> persistenceIds)
			throws SQLException {
		// the ids as a derived table, and per id one dive into the end of the
		// (persistence_id, seq_nr) index that stops at the first entry it meets (ORDER BY
		// seq_nr DESC LIMIT 1: one index entry however long the history), plus one
		// primary-key probe of journal_highest. A UNION ALL of one scalar MAX per id
		// (three parameters each) has the server parse and plan every branch, about four
		// times this query's time for 100 ids; a GROUP BY over an IN list may read every
		// index entry of each entity. The ids carry the columns' collation: a derived
		// column has the connection's (case- and accent-insensitive, padding), under
		// which
		// the comparison, and MariaDB's cache of the subqueries' results by id, would
		// take
		// "a", "A", "a " and "ä" for one entity
		int size = padded(persistenceIds.size());
		String sql = "SELECT v.id, (SELECT j.seq_nr FROM " + tables.journal()
				+ " j WHERE j.persistence_id = v.id ORDER BY j.seq_nr DESC LIMIT 1), (SELECT h.highest_seq_nr FROM "
				+ tables.journalHighest() + " h WHERE h.persistence_id = v.id) FROM (SELECT " + this.idValue + " AS id"
				+ (" UNION ALL SELECT " + this.idValue).repeat(size - 1) + ") v";
		Map<String, Long> highest = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bindPadded(statement, 0, persistenceIds, size);
			readHighest(statement, highest);
		}
		return highest;
	}

	@Override
	Map<String, long[]> storedStates(Connection connection, Tables tables, List<String> persistenceIds)
			throws SQLException {
		// one primary-key probe per entity
		int size = padded(persistenceIds.size());
		String sql = "SELECT persistence_id, revision, position FROM " + tables.durableState()
				+ " WHERE persistence_id IN (?" + ", ?".repeat(size - 1) + ")";
		Map<String, long[]> stored = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bindPadded(statement, 0, persistenceIds, size);
			readStoredStates(statement, stored);
		}
		return stored;
	}

	/**
	 * Updates the states with one statement (a join with the new states, one primary-key
	 * probe each) instead of one statement per state: MariaDB runs a batch of updates one
	 * by one. The affected-row count tells whether every state found its row at the
	 * expected revision.
	 */
	@Override
	boolean updateStates(Connection connection, Tables tables, List<StateRow> rows) throws SQLException {
		StringBuilder sql = new StringBuilder("UPDATE ").append(tables.durableState())
			.append(" d JOIN (SELECT ? AS "
					+ "persistence_id, ? AS revision, ? AS entity_type, ? AS slice, ? AS state_type, ? AS payload, "
					+ "? AS key_id, ? AS write_time, ? AS position");
		sql.append(" UNION ALL SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?".repeat(rows.size() - 1));
		sql.append(") v ON d.persistence_id = v.persistence_id AND d.revision = v.revision - 1 SET "
				+ "d.revision = v.revision, d.entity_type = v.entity_type, d.slice = v.slice, d.state_type = v.state_type, "
				+ "d.payload = v.payload, d.key_id = v.key_id, d.write_time = v.write_time, d.position = v.position");
		try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < rows.size(); i++) {
				bindState(statement, 9 * i, rows.get(i));
			}
			return statement.executeUpdate() == rows.size();
		}
	}

	@Override
	public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
		return SqlDialect.insert(table, keyColumns, valueColumns) + " ON DUPLICATE KEY UPDATE "
				+ SqlDialect.assignments(valueColumns, (column) -> "VALUES(" + column + ")");
	}

	@Override
	public String upsertHighest(Tables tables) {
		// hand-written: keeps the greater value instead of replacing it (see
		// SqlDialect#upsertHighest)
		return "INSERT INTO " + tables.journalHighest() + " (persistence_id, highest_seq_nr) VALUES (?, ?) "
				+ "ON DUPLICATE KEY UPDATE highest_seq_nr = GREATEST(highest_seq_nr, VALUES(highest_seq_nr))";
	}

	@Override
	public void lockSchema(Connection connection, Tables tables) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, 120)")) {
			statement.setString(1, tables.prefix() + "schema");
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next() || rs.getInt(1) != 1) {
					throw new SQLException("could not take the schema lock '" + tables.prefix() + "schema' in 120 s");
				}
			}
		}
	}

	@Override
	public void unlockSchema(Connection connection, Tables tables) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
			statement.setString(1, tables.prefix() + "schema");
			statement.executeQuery().close();
		}
	}

}
