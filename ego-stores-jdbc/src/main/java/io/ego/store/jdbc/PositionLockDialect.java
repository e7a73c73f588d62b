package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Databases whose journal writers allocate positions from a one-row counter table ({@code journal_position})
 * inside their transaction (MariaDB/MySQL, H2).
 * <p>
 * <b>Gap-free reading.</b> Updating the counter takes its row lock, which is held until the transaction commits
 * or rolls back. A writer therefore cannot allocate positions before every writer with lower positions has
 * finished, so positions become visible in commit order and a reader's snapshot always holds a prefix of the
 * committed positions: a plain {@code position > ?} read never skips anything. The cost is that journal
 * transactions are serialized from the counter update to the commit (the counter update comes last, just before
 * the insert); group commit keeps that cheap by putting many entities' events in each transaction. Rolled back
 * transactions roll the counter back too, so positions have no holes except deleted events.
 *
 * @author eGo team
 * @since 0.1.0
 */
abstract sealed class PositionLockDialect implements SqlDialect permits MariaDbDialect, H2Dialect {

	@Override
	public String horizonCondition() {
		return "";
	}

	/** The counter row of journal positions. */
	static final int JOURNAL_COUNTER = 1;

	/** The counter row of durable-state change-feed positions (schema version 3). */
	static final int STATE_COUNTER = 2;

	/**
	 * Takes the position lock and allocates positions.
	 * @param connection the writer's connection
	 * @param tables the tables
	 * @param count how many positions
	 * @return the last allocated position
	 * @throws SQLException when the counter cannot be updated
	 */
	long allocate(Connection connection, Tables tables, int count) throws SQLException {
		return allocate(connection, tables, JOURNAL_COUNTER, count);
	}

	/**
	 * Takes the lock of a counter row and allocates positions from it; the lock is held until the transaction ends.
	 * @param connection the writer's connection
	 * @param tables the tables
	 * @param counter the counter row: {@link #JOURNAL_COUNTER} or {@link #STATE_COUNTER}
	 * @param count how many positions
	 * @return the last allocated position
	 * @throws SQLException when the counter cannot be updated
	 */
	abstract long allocate(Connection connection, Tables tables, int counter, int count) throws SQLException;

	/**
	 * Returns how many parameters a statement for {@code count} values gets: the next power of two, so that few
	 * distinct statements are prepared (the last value is repeated).
	 * @param count the number of values
	 * @return the number of parameters
	 */
	static int padded(int count) {
		return (count <= 1) ? 1 : Integer.highestOneBit(count - 1) << 1;
	}

	static void bindPadded(PreparedStatement statement, int offset, List<String> values, int size)
			throws SQLException {
		for (int i = 0; i < size; i++) {
			statement.setString(offset + i + 1, values.get(Math.min(i, values.size() - 1)));
		}
	}

	static void readHighest(PreparedStatement statement, Map<String, Long> highest) throws SQLException {
		try (ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				long value = Math.max(rs.getLong(2), rs.getLong(3));
				if (value > 0) {
					highest.merge(rs.getString(1), value, Math::max);
				}
			}
		}
	}

	@Override
	public void insertEvents(Connection connection, Tables tables, List<AppendRequest> requests, int eventCount)
			throws SQLException {
		long position = allocate(connection, tables, eventCount) - eventCount;
		String sql = "INSERT INTO " + tables.journal() + " (" + EventRows.COLUMNS + ") VALUES (" + EventRows.MARKERS + ")";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (AppendRequest request : requests) {
				for (int e = 0; e < request.size(); e++) {
					EventRows.bind(statement, this, ++position, request.events().get(e), request.metadata().get(e));
					statement.addBatch();
				}
			}
			statement.executeBatch();
		}
	}

	@Override
	public String positionLockStatement(Tables tables) {
		return "SELECT last_position FROM " + tables.journalPosition() + " WHERE id = 1 FOR UPDATE";
	}

}
