package io.ego.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

import io.ego.core.store.PersistedEvent;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads and writes journal rows.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class EventRows {

	/**
	 * The journal columns, in the order {@link #mapper} reads and {@link #bind} writes
	 * them.
	 */
	static final String COLUMNS = "position, persistence_id, seq_nr, entity_type, slice, event_type, payload, key_id, "
			+ "write_time, metadata";

	/**
	 * The journal columns recovery reads, in the order {@link #recoveryMapper} reads
	 * them.
	 */
	static final String RECOVERY_COLUMNS = "seq_nr, event_type, payload, key_id, metadata";

	/** Parameter markers for {@link #COLUMNS}. */
	static final String MARKERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

	private EventRows() {
	}

	static RowMapper<PersistedEvent> mapper(SqlDialect dialect) {
		return (rs, row) -> new PersistedEvent(rs.getString(2), rs.getString(4), rs.getLong(3), rs.getLong(1),
				rs.getInt(5), rs.getString(6), rs.getBytes(7), dialect.instant(rs, 9),
				MetadataCodec.decode(rs.getBytes(10)), rs.getString(8));
	}

	static RowMapper<PersistedEvent> recoveryMapper(String persistenceId) {
		int bar = persistenceId.indexOf('|');
		String entityType = (bar > 0) ? persistenceId.substring(0, bar) : persistenceId;
		int slice = PersistedEvent.sliceOf(persistenceId);
		return (rs, row) -> new PersistedEvent(persistenceId, entityType, rs.getLong(1), 0, slice, rs.getString(2),
				rs.getBytes(3), Instant.EPOCH, MetadataCodec.decode(rs.getBytes(5)), rs.getString(4));
	}

	static void bind(PreparedStatement statement, SqlDialect dialect, long position, PersistedEvent event,
			byte[] metadata) throws SQLException {
		statement.setLong(1, position);
		statement.setString(2, event.persistenceId());
		statement.setLong(3, event.sequenceNr());
		statement.setString(4, event.entityType());
		statement.setInt(5, event.slice());
		statement.setString(6, event.eventType());
		statement.setBytes(7, event.payload());
		statement.setString(8, event.keyId());
		statement.setObject(9, dialect.timestamp(event.writeTime()));
		if (metadata.length == 0) {
			statement.setNull(10, Types.VARBINARY);
		}
		else {
			statement.setBytes(10, metadata);
		}
	}

}
