package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * H2 2.x: {@code TIMESTAMP WITH TIME ZONE} columns, positions from the counter row (see
 * {@link PositionLockDialect}), JDBC batch inserts. H2 waits at most its
 * {@code LOCK_TIMEOUT} (2 s by default) for the counter row; journal transactions are
 * short, but raise it for slow disks.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class H2Dialect extends PositionLockDialect {

	/** H2 has no named locks; an embedded database is initialized by one process. */
	private static final ReentrantLock SCHEMA_LOCK = new ReentrantLock();

	@Override
	public Object timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	@Override
	public Instant instant(ResultSet resultSet, int column) throws SQLException {
		return resultSet.getObject(column, OffsetDateTime.class).toInstant();
	}

	@Override
	long allocate(Connection connection, Tables tables, int counter, int count) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement("UPDATE " + tables.journalPosition()
				+ " SET last_position = last_position + ? WHERE id = " + counter)) {
			update.setInt(1, count);
			if (update.executeUpdate() != 1) {
				throw new SQLException("the position counter row of " + tables.journalPosition() + " is missing");
			}
		}
		try (PreparedStatement select = connection
			.prepareStatement("SELECT last_position FROM " + tables.journalPosition() + " WHERE id = " + counter);
				ResultSet rs = select.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}

	@Override
	public Map<String, Long> highestSequenceNrs(Connection connection, Tables tables, List<String> persistenceIds)
			throws SQLException {
		// one array parameter: the same statement (cached by H2) whatever the number of
		// entities; the last sequence number read backwards from the end of the
		// (persistence_id,
		// seq_nr) index, one entry per entity: H2 answers MAX(seq_nr) for an entity by
		// reading all of its entries, so the check grew with the entity's history
		String sql = "SELECT i.id, (SELECT j.seq_nr FROM " + tables.journal()
				+ " j WHERE j.persistence_id = i.id ORDER BY j.persistence_id DESC, j.seq_nr DESC FETCH FIRST ROW ONLY), "
				+ "(SELECT h.highest_seq_nr FROM " + tables.journalHighest() + " h WHERE h.persistence_id = i.id) "
				+ "FROM UNNEST(CAST(? AS VARCHAR(510) ARRAY)) AS i(id)";
		Map<String, Long> highest = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, persistenceIds.toArray(new String[0]));
			readHighest(statement, highest);
		}
		return highest;
	}

	@Override
	Map<String, long[]> storedStates(Connection connection, Tables tables, List<String> persistenceIds)
			throws SQLException {
		// one array parameter, one primary-key probe per entity
		String sql = "SELECT d.persistence_id, d.revision, d.position FROM UNNEST(CAST(? AS VARCHAR(510) ARRAY)) "
				+ "AS i(id) JOIN " + tables.durableState() + " d ON d.persistence_id = i.id";
		Map<String, long[]> stored = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, persistenceIds.toArray(new String[0]));
			readStoredStates(statement, stored);
		}
		return stored;
	}

	@Override
	public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
		return "MERGE INTO " + table + " (" + SqlDialect.columns(keyColumns, valueColumns) + ") KEY ("
				+ String.join(", ", keyColumns) + ") VALUES ("
				+ SqlDialect.markers(keyColumns.size() + valueColumns.size()) + ")";
	}

	@Override
	public String upsertHighest(Tables tables) {
		// hand-written: keeps the greater value instead of replacing it (see
		// SqlDialect#upsertHighest)
		return "MERGE INTO " + tables.journalHighest()
				+ " t USING (VALUES (CAST(? AS VARCHAR(510)), CAST(? AS BIGINT))) "
				+ "s(persistence_id, highest_seq_nr) ON t.persistence_id = s.persistence_id "
				+ "WHEN MATCHED THEN UPDATE SET highest_seq_nr = GREATEST(t.highest_seq_nr, s.highest_seq_nr) "
				+ "WHEN NOT MATCHED THEN INSERT (persistence_id, highest_seq_nr) VALUES (s.persistence_id, s.highest_seq_nr)";
	}

	@Override
	public boolean isEmbedded(String url) {
		return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
	}

	@Override
	public void lockSchema(Connection connection, Tables tables) {
		SCHEMA_LOCK.lock();
	}

	@Override
	public void unlockSchema(Connection connection, Tables tables) {
		SCHEMA_LOCK.unlock();
	}

}
