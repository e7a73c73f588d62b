package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What differs between databases: timestamp binding, upserts, how journal positions are
 * allocated and how readers by position stay gap-free.
 *
 * @author eGo team
 * @since 0.1.0
 */
sealed interface SqlDialect permits PostgresDialect, PositionLockDialect {

	/**
	 * Returns the value to bind for a timestamp column.
	 * @param instant the instant
	 * @return a value for {@code setObject}
	 */
	Object timestamp(Instant instant);

	/**
	 * Reads a timestamp column.
	 * @param resultSet the result set
	 * @param column the column index
	 * @return the instant
	 * @throws SQLException when the column cannot be read
	 */
	Instant instant(ResultSet resultSet, int column) throws SQLException;

	/**
	 * Returns the condition that restricts reads by position to the visibility horizon,
	 * to be appended to a {@code WHERE} clause: empty when every visible row may be read.
	 * @return {@code ""} or {@code " AND ..."}
	 */
	String horizonCondition();

	/**
	 * Returns the statement that inserts a row or, when a row with its key exists,
	 * replaces that row's values: parameters in the order of the key columns, then the
	 * value columns. Stores build it once, when they are created.
	 * @param table the table
	 * @param keyColumns the columns of the primary key
	 * @param valueColumns the other columns
	 * @return the statement
	 */
	String upsert(String table, List<String> keyColumns, List<String> valueColumns);

	/**
	 * Returns the statement that records the highest sequence number of an entity (id,
	 * highest), keeping the stored one when it is higher. Hand-written per dialect: it
	 * keeps the greater of two values instead of replacing one, which {@link #upsert}
	 * does not express (and H2's {@code MERGE ... KEY} cannot).
	 * @param tables the tables
	 * @return the statement
	 */
	String upsertHighest(Tables tables);

	/**
	 * Returns {@code INSERT INTO table (columns) VALUES (?, ...)}, the start of an
	 * upsert.
	 * @param table the table
	 * @param keyColumns the key columns
	 * @param valueColumns the other columns
	 * @return the statement
	 */
	static String insert(String table, List<String> keyColumns, List<String> valueColumns) {
		return "INSERT INTO " + table + " (" + columns(keyColumns, valueColumns) + ") VALUES ("
				+ markers(keyColumns.size() + valueColumns.size()) + ")";
	}

	/**
	 * Joins column lists.
	 * @param first the first columns
	 * @param more the columns after them
	 * @return {@code a, b, c}
	 */
	static String columns(List<String> first, List<String> more) {
		return String.join(", ", Stream.concat(first.stream(), more.stream()).toList());
	}

	/**
	 * Returns parameter markers.
	 * @param count how many, at least 1
	 * @return {@code ?, ?, ?}
	 */
	static String markers(int count) {
		return "?" + ", ?".repeat(count - 1);
	}

	/**
	 * Returns the assignments of an upsert's update.
	 * @param columns the columns to assign
	 * @param value the new value of a column, from its name ({@code EXCLUDED.name})
	 * @return {@code a = EXCLUDED.a, b = EXCLUDED.b}
	 */
	static String assignments(List<String> columns, UnaryOperator<String> value) {
		return String.join(", ", columns.stream().map((column) -> column + " = " + value.apply(column)).toList());
	}

	/**
	 * Returns the highest sequence number of each entity, counting deleted events.
	 * @param connection the writer's connection
	 * @param tables the tables
	 * @param persistenceIds the entities, distinct
	 * @return the highest sequence number by entity, missing for entities without history
	 * @throws SQLException when the query fails
	 */
	Map<String, Long> highestSequenceNrs(Connection connection, Tables tables, List<String> persistenceIds)
			throws SQLException;

	/**
	 * Allocates positions and inserts the events of the requests, in the caller's
	 * transaction, which must not have written anything before.
	 * @param connection the writer's connection, not in auto-commit mode
	 * @param tables the tables
	 * @param requests the appends
	 * @param eventCount the number of events of all requests
	 * @throws SQLException when the insert fails (a duplicate key on a concurrent append)
	 */
	void insertEvents(Connection connection, Tables tables, List<AppendRequest> requests, int eventCount)
			throws SQLException;

	/**
	 * Cleans up a connection after a failed and rolled back journal write.
	 * @param connection the connection
	 * @param tables the tables
	 * @throws SQLException when the clean-up fails
	 */
	default void afterFailedWrite(Connection connection, Tables tables) throws SQLException {
	}

	/**
	 * Returns the placeholders of the schema scripts, besides {@code prefix}.
	 * @param tables the tables
	 * @return names and values
	 */
	default Map<String, String> placeholders(Tables tables) {
		return Map.of();
	}

	/**
	 * Tells whether a JDBC URL names an in-process database.
	 * @param url the URL
	 * @return whether {@code initialize-schema=embedded} applies
	 */
	default boolean isEmbedded(String url) {
		return false;
	}

	/**
	 * Serializes schema initialization between processes.
	 * @param connection the initializing connection, in auto-commit mode
	 * @param tables the tables
	 * @throws SQLException when the lock cannot be taken
	 */
	void lockSchema(Connection connection, Tables tables) throws SQLException;

	/**
	 * Releases the lock of {@link #lockSchema}.
	 * @param connection the connection that took it
	 * @param tables the tables
	 * @throws SQLException when the lock cannot be released
	 */
	void unlockSchema(Connection connection, Tables tables) throws SQLException;

	/**
	 * Returns a statement that takes the position lock of the journal writers until
	 * released (the connection's transaction ends, or for PostgreSQL
	 * {@code pg_advisory_unlock}); for tests that hold the writers.
	 * @param tables the tables
	 * @return the statement
	 */
	String positionLockStatement(Tables tables);

	/**
	 * Tells whether an exception is a unique-key violation.
	 * @param ex the exception
	 * @return whether a unique constraint was violated
	 */
	static boolean isDuplicateKey(SQLException ex) {
		Deque<Throwable> pending = new ArrayDeque<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		pending.add(ex);
		while (!pending.isEmpty() && seen.size() < 32) {
			Throwable t = pending.poll();
			if (!seen.add(t)) {
				continue;
			}
			if (t instanceof SQLException sql) {
				if ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 1062) {
					return true;
				}
				if (sql.getNextException() != null) {
					pending.add(sql.getNextException());
				}
			}
			if (t.getCause() != null) {
				pending.add(t.getCause());
			}
		}
		return false;
	}

}
