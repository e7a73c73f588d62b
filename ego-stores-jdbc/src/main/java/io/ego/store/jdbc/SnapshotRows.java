package io.ego.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import io.ego.core.store.SnapshotRecord;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads and writes snapshot rows.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class SnapshotRows {

	/** The primary key of a snapshot row. */
	static final List<String> KEY_COLUMNS = List.of("persistence_id", "seq_nr");

	/** The other columns of a snapshot row. */
	static final List<String> VALUE_COLUMNS = List.of("entity_type", "state_type", "payload", "key_id", "write_time");

	/**
	 * The snapshot columns, in the order {@link #mapper} reads and {@link #bind} writes
	 * them.
	 */
	static final String COLUMNS = SqlDialect.columns(KEY_COLUMNS, VALUE_COLUMNS);

	private SnapshotRows() {
	}

	static RowMapper<SnapshotRecord> mapper(SqlDialect dialect) {
		return (rs, row) -> new SnapshotRecord(rs.getString(1), rs.getString(3), rs.getLong(2), rs.getString(4),
				rs.getBytes(5), dialect.instant(rs, 7), rs.getString(6));
	}

	static void bind(PreparedStatement statement, SqlDialect dialect, SnapshotRecord snapshot) throws SQLException {
		statement.setString(1, snapshot.persistenceId());
		statement.setLong(2, snapshot.sequenceNr());
		statement.setString(3, snapshot.entityType());
		statement.setString(4, snapshot.stateType());
		statement.setBytes(5, snapshot.payload());
		statement.setString(6, snapshot.keyId());
		statement.setObject(7, dialect.timestamp(snapshot.writeTime()));
	}

}
