package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ego.core.store.DurableStateRecord;

/**
 * Databases whose journal writers allocate positions from a one-row counter table
 * ({@code journal_position}) inside their transaction (MariaDB/MySQL, H2).
 * <p>
 * <b>Gap-free reading.</b> Updating the counter takes its row lock, which is held until
 * the transaction commits or rolls back. A writer therefore cannot allocate positions
 * before every writer with lower positions has finished, so positions become visible in
 * commit order and a reader's snapshot always holds a prefix of the committed positions:
 * a plain {@code position > ?} read never skips anything. The cost is that journal
 * transactions are serialized from the counter update to the commit (the counter update
 * comes last, just before the insert); group commit keeps that cheap by putting many
 * entities' events in each transaction. Rolled back transactions roll the counter back
 * too, so positions have no holes except deleted events.
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

	/** The counter row of timer versions (schema version 6). */
	static final int TIMER_COUNTER = 3;

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
	 * Takes the lock of a counter row and allocates positions from it; the lock is held
	 * until the transaction ends.
	 * @param connection the writer's connection
	 * @param tables the tables
	 * @param counter the counter row: {@link #JOURNAL_COUNTER}, {@link #STATE_COUNTER} or
	 * {@link #TIMER_COUNTER}
	 * @param count how many positions
	 * @return the last allocated position
	 * @throws SQLException when the counter cannot be updated
	 */
	abstract long allocate(Connection connection, Tables tables, int counter, int count) throws SQLException;

	/**
	 * Returns the stored revision and change-feed position of each durable state, for the
	 * state writer's check.
	 * @param connection the writer's connection
	 * @param tables the tables
	 * @param persistenceIds the entities, distinct
	 * @return {@code [revision, position]} by entity, missing for entities without a
	 * stored state
	 * @throws SQLException when the query fails
	 */
	abstract Map<String, long[]> storedStates(Connection connection, Tables tables, List<String> persistenceIds)
			throws SQLException;

	/**
	 * Returns the statement that reads the head of the durable-state change feed: the
	 * counter row's last position, one primary-key read. Every position up to it was
	 * allocated by a committed write (allocations hold the row lock until commit, and a
	 * rollback restores the counter), so no state at or below it can appear later.
	 * @param tables the tables
	 * @return the statement
	 */
	String stateHeadStatement(Tables tables) {
		return "SELECT last_position FROM " + tables.journalPosition() + " WHERE id = " + STATE_COUNTER;
	}

	/**
	 * The columns of a durable-state row the state writer writes, in {@link #bindState}
	 * order after the id.
	 */
	static final String STATE_COLUMNS = "persistence_id, revision, entity_type, slice, state_type, payload, key_id, "
			+ "write_time, position";

	/**
	 * A durable state to write at a change-feed position.
	 *
	 * @param state the state
	 * @param position its position
	 */
	record StateRow(DurableStateRecord state, long position) {
	}

	// The state writer's inserts and updates are not upserts (SqlDialect#upsert): an
	// update applies only at the expected revision, an insert only when no row exists,
	// and the writer tells a lost race from a conflict.

	/**
	 * Inserts first revisions of durable states (one JDBC batch), in the caller's
	 * transaction.
	 * @param connection the writer's connection, not in auto-commit mode
	 * @param tables the tables
	 * @param rows the states, revision 1 each
	 * @throws SQLException when the insert fails (a duplicate key: another writer
	 * inserted first)
	 */
	void insertStates(Connection connection, Tables tables, List<StateRow> rows) throws SQLException {
		String sql = "INSERT INTO " + tables.durableState() + " (" + STATE_COLUMNS
				+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (StateRow row : rows) {
				bindState(statement, 0, row);
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	/**
	 * Updates durable states whose stored revision is the one before theirs, in the
	 * caller's transaction: one JDBC batch, whose update counts tell whether every state
	 * found its row.
	 * @param connection the writer's connection, not in auto-commit mode
	 * @param tables the tables
	 * @param rows the states, revision 2 or more each, one per entity
	 * @return whether every state was written; {@code false} when one found no row at its
	 * expected revision (the caller rolls back)
	 * @throws SQLException when the update fails
	 */
	boolean updateStates(Connection connection, Tables tables, List<StateRow> rows) throws SQLException {
		String sql = "UPDATE " + tables.durableState()
				+ " SET revision = ?, entity_type = ?, slice = ?, state_type = ?, "
				+ "payload = ?, key_id = ?, write_time = ?, position = ? WHERE persistence_id = ? AND revision = ?";
		int[] counts;
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (StateRow row : rows) {
				bindValues(statement, 0, row);
				statement.setString(9, row.state().persistenceId());
				statement.setLong(10, row.state().revision() - 1);
				statement.addBatch();
			}
			counts = statement.executeBatch();
		}
		boolean told = counts.length == rows.size();
		for (int count : counts) {
			if (count == Statement.SUCCESS_NO_INFO) {
				told = false;
			}
			else if (count != 1) {
				return false;
			}
		}
		if (told) {
			return true;
		}
		// the driver did not say which rows it updated (a bulk protocol): the positions,
		// allocated under the lock this transaction holds, tell which rows are ours
		List<String> ids = new ArrayList<>(rows.size());
		rows.forEach((row) -> ids.add(row.state().persistenceId()));
		Map<String, long[]> stored = storedStates(connection, tables, ids);
		for (StateRow row : rows) {
			long[] found = stored.get(row.state().persistenceId());
			if (found == null || found[1] != row.position()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Binds the nine {@link #STATE_COLUMNS} of a row from parameter {@code offset + 1}
	 * on.
	 */
	void bindState(PreparedStatement statement, int offset, StateRow row) throws SQLException {
		statement.setString(offset + 1, row.state().persistenceId());
		bindValues(statement, offset + 1, row);
	}

	/**
	 * Binds the eight {@link #STATE_COLUMNS} after the persistence id (revision to
	 * position) from parameter {@code offset + 1} on.
	 */
	void bindValues(PreparedStatement statement, int offset, StateRow row) throws SQLException {
		DurableStateRecord state = row.state();
		statement.setLong(offset + 1, state.revision());
		statement.setString(offset + 2, state.entityType());
		statement.setInt(offset + 3, state.slice());
		statement.setString(offset + 4, state.stateType());
		statement.setBytes(offset + 5, state.payload());
		statement.setString(offset + 6, state.keyId());
		statement.setObject(offset + 7, timestamp(state.writeTime()));
		statement.setLong(offset + 8, row.position());
	}

	static void readStoredStates(PreparedStatement statement, Map<String, long[]> stored) throws SQLException {
		try (ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				stored.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3) });
			}
		}
	}

	/**
	 * Returns how many parameters a statement for {@code count} values gets: the next
	 * power of two, so that few distinct statements are prepared (the last value is
	 * repeated).
	 * @param count the number of values
	 * @return the number of parameters
	 */
	static int padded(int count) {
		return (count <= 1) ? 1 : Integer.highestOneBit(count - 1) << 1;
	}

	static void bindPadded(PreparedStatement statement, int offset, List<String> values, int size) throws SQLException {
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
		String sql = "INSERT INTO " + tables.journal() + " (" + EventRows.COLUMNS + ") VALUES (" + EventRows.MARKERS
				+ ")";
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
