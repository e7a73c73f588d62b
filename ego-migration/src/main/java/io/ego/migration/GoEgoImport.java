package io.ego.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ego.core.EgoEngine;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the history of a service that ran on eGo for Go from its PostgreSQL stores (the
 * {@code ego-contrib} schema: {@code events_store}, {@code snapshots_store},
 * {@code states_store}) into this engine's stores, so the service can move from Go to
 * Java without losing its events.
 * <ul>
 * <li>Go's persistence ids carry no entity type: an {@link EntityTypeRule} names it; the
 * entity becomes {@code <type>|<go id>}.</li>
 * <li>Payloads are serialized {@code google.protobuf.Any}: they are unwrapped to the
 * message they hold, stored under its full name; sequence numbers are kept, timestamps
 * become write times (see {@link GoTimestamps}: nanoseconds since v4.2.0, seconds
 * before).</li>
 * <li>Rows marked {@code is_deleted} are skipped (the entity continues after them). A v3
 * row's inline state ({@code state_payload}) becomes the entity's snapshot where
 * {@code snapshots_store} has none.</li>
 * <li>Encrypted rows cannot be read (Go eGo's encryption format is not this engine's):
 * their entity is left out and reported, the rest is imported.</li>
 * <li>Resumable: events the target already holds are skipped. Entities are imported one
 * after another, each in sequence order; Go's projection offsets (shard timestamps) do
 * not translate to positions: projections on the target start from the beginning.</li>
 * </ul>
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class GoEgoImport {

	private static final Logger logger = LoggerFactory.getLogger(GoEgoImport.class);

	private final DataSource go;

	private final EntityTypeRule types;

	private final MigrationStores target;

	private int pageSize = 1_000;

	private CopyProgress progress = CopyProgress.NONE;

	private GoEgoImport(DataSource go, EntityTypeRule types, MigrationStores target) {
		this.go = Objects.requireNonNull(go, "go");
		this.types = Objects.requireNonNull(types, "types");
		this.target = Objects.requireNonNull(target, "target");
	}

	/**
	 * An import.
	 * @param go the PostgreSQL database of the Go deployment
	 * @param types the entity type of each Go persistence id
	 * @param target where the history goes
	 * @return the import, to configure and {@link #run()}
	 */
	public static GoEgoImport of(DataSource go, EntityTypeRule types, MigrationStores target) {
		return new GoEgoImport(go, types, target);
	}

	/**
	 * @param size rows read per query, positive
	 * @return this import
	 */
	public GoEgoImport pageSize(int size) {
		if (size <= 0) {
			throw new IllegalArgumentException("page size must be positive, not " + size);
		}
		this.pageSize = size;
		return this;
	}

	/**
	 * @param listener told after each entity and page
	 * @return this import
	 */
	public GoEgoImport progress(CopyProgress listener) {
		this.progress = Objects.requireNonNull(listener, "listener");
		return this;
	}

	/**
	 * Runs the import to its end.
	 * @return what it did
	 * @throws StoreException when the Go database or a target store fails: run it again
	 * to resume
	 */
	public ImportReport run() {
		long started = System.nanoTime();
		Counts counts = new Counts();
		List<String> left = new ArrayList<>();
		try (Connection connection = this.go.getConnection()) {
			boolean eventsEncryptable = hasColumn(connection, "events_store", "is_encrypted");
			boolean snapshotsStored = hasTable(connection, "snapshots_store");
			String after = "";
			for (;;) {
				List<String> ids = distinctIds(connection, "events_store", after);
				if (ids.isEmpty()) {
					break;
				}
				for (String goId : ids) {
					importEntity(connection, goId, eventsEncryptable, snapshotsStored, counts, left);
				}
				after = ids.get(ids.size() - 1);
				this.progress.progress("entities", counts.entities, -1);
			}
			importStates(connection, counts, left);
		}
		catch (SQLException ex) {
			throw new StoreException("reading the eGo (Go) database failed: " + ex.getMessage(), ex);
		}
		ImportReport report = new ImportReport(counts.entities, counts.events, counts.skipped, counts.deleted,
				counts.snapshots, counts.inlineStates, counts.states, left,
				Duration.ofNanos(System.nanoTime() - started));
		logger.info("eGo (Go) import done: {}", report);
		return report;
	}

	private void importEntity(Connection connection, String goId, boolean eventsEncryptable, boolean snapshotsStored,
			Counts counts, List<String> left) throws SQLException {
		String type = this.types.entityType(goId);
		if (type == null) {
			left.add(goId + ": no entity type for this id (EntityTypeRule)");
			return;
		}
		if (!EgoEngine.TYPE_NAME.matcher(type).matches()) {
			throw new IllegalArgumentException("the EntityTypeRule named the invalid entity type '" + type
					+ "' for Go id '" + goId + "': use letters, digits, '.', '_' or '-'");
		}
		if (eventsEncryptable && encrypted(connection, "events_store", goId)) {
			left.add(goId + ": encrypted events (eGo for Go's encryption cannot be read here)");
			return;
		}
		String persistenceId = type + "|" + goId;
		int slice = PersistedEvent.sliceOf(persistenceId);
		long known = this.target.events().highestSequenceNr(persistenceId);
		@Nullable Row lastWithState = null;
		long afterSequenceNr = 0;
		for (;;) {
			List<Row> rows = events(connection, goId, afterSequenceNr);
			if (rows.isEmpty()) {
				break;
			}
			List<PersistedEvent> batch = new ArrayList<>();
			for (Row row : rows) {
				if (row.deleted) {
					counts.deleted++;
					continue;
				}
				if (row.statePayload.length > 0) {
					lastWithState = row;
				}
				if (row.sequenceNr <= known) {
					counts.skipped++;
					continue;
				}
				if (!batch.isEmpty() && row.sequenceNr != batch.get(batch.size() - 1).sequenceNr() + 1) {
					known = append(persistenceId, known, batch, counts);
					batch = new ArrayList<>();
				}
				Any event = any(goId, row.sequenceNr, row.eventPayload);
				batch.add(new PersistedEvent(persistenceId, type, row.sequenceNr, 0, slice, typeName(event),
						event.getValue().toByteArray(), GoTimestamps.toInstant(row.timestamp), Map.of(), null));
			}
			if (!batch.isEmpty()) {
				known = append(persistenceId, known, batch, counts);
			}
			afterSequenceNr = rows.get(rows.size() - 1).sequenceNr;
		}
		importSnapshot(connection, snapshotsStored, goId, persistenceId, type, lastWithState, counts, left);
		counts.entities++;
	}

	private long append(String persistenceId, long known, List<PersistedEvent> batch, Counts counts) {
		long first = batch.get(0).sequenceNr();
		if (first > known + 1) {
			this.target.events().raiseHighestSequenceNr(persistenceId, first - 1);
			known = first - 1;
		}
		this.target.events().append(persistenceId, known, batch);
		counts.events += batch.size();
		return batch.get(batch.size() - 1).sequenceNr();
	}

	private void importSnapshot(Connection connection, boolean snapshotsStored, String goId, String persistenceId,
			String type, @Nullable Row inline, Counts counts, List<String> left) throws SQLException {
		SnapshotRecord existing = this.target.snapshots().latest(persistenceId);
		if (snapshotsStored) {
			try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM snapshots_store "
					+ "WHERE persistence_id = ? ORDER BY sequence_number DESC LIMIT 1")) {
				statement.setString(1, goId);
				try (ResultSet result = statement.executeQuery()) {
					if (result.next()) {
						long sequenceNr = result.getLong("sequence_number");
						if (hasColumn(result, "is_encrypted") && result.getBoolean("is_encrypted")) {
							left.add(goId + ": its snapshot #" + sequenceNr + " is encrypted and was not imported "
									+ "(the entity recovers from its events)");
							return;
						}
						if (existing == null || existing.sequenceNr() < sequenceNr) {
							Any state = any(goId, sequenceNr, result.getBytes("state_payload"));
							this.target.snapshots()
								.save(new SnapshotRecord(persistenceId, type, sequenceNr, typeName(state),
										state.getValue().toByteArray(),
										GoTimestamps.toInstant(result.getLong("timestamp")), null));
							counts.snapshots++;
						}
						return;
					}
				}
			}
		}
		if (inline != null && (existing == null || existing.sequenceNr() < inline.sequenceNr)) {
			Any state = any(goId, inline.sequenceNr, inline.statePayload);
			this.target.snapshots()
				.save(new SnapshotRecord(persistenceId, type, inline.sequenceNr, typeName(state),
						state.getValue().toByteArray(), GoTimestamps.toInstant(inline.timestamp), null));
			counts.inlineStates++;
		}
	}

	private void importStates(Connection connection, Counts counts, List<String> left) throws SQLException {
		if (!hasTable(connection, "states_store")) {
			return;
		}
		String after = "";
		for (;;) {
			List<String> ids = distinctIds(connection, "states_store", after);
			if (ids.isEmpty()) {
				return;
			}
			for (String goId : ids) {
				importState(connection, goId, counts, left);
			}
			after = ids.get(ids.size() - 1);
			this.progress.progress("states", counts.states, -1);
		}
	}

	private void importState(Connection connection, String goId, Counts counts, List<String> left) throws SQLException {
		String type = this.types.entityType(goId);
		if (type == null) {
			left.add(goId + ": no entity type for this durable state's id (EntityTypeRule)");
			return;
		}
		String persistenceId = type + "|" + goId;
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT * FROM states_store WHERE persistence_id = ?")) {
			statement.setString(1, goId);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					return;
				}
				long version = result.getLong("version_number");
				DurableStateRecord existing = this.target.durableStates().get(persistenceId);
				if (existing != null && existing.revision() == version) {
					return;
				}
				Any state = any(goId, version, result.getBytes("state_payload"));
				this.target.durableStates()
					.restore(new DurableStateRecord(persistenceId, type, version, PersistedEvent.sliceOf(persistenceId),
							typeName(state), state.getValue().toByteArray(),
							GoTimestamps.toInstant(result.getLong("timestamp")), null));
				counts.states++;
			}
		}
	}

	private List<String> distinctIds(Connection connection, String table, String after) throws SQLException {
		List<String> ids = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT persistence_id FROM " + table
				+ " WHERE persistence_id > ? ORDER BY persistence_id LIMIT ?")) {
			statement.setString(1, after);
			statement.setInt(2, this.pageSize);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					ids.add(result.getString(1));
				}
			}
		}
		return ids;
	}

	private List<Row> events(Connection connection, String goId, long afterSequenceNr) throws SQLException {
		List<Row> rows = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement("SELECT sequence_number, is_deleted, "
				+ "event_payload, state_payload, timestamp FROM events_store WHERE persistence_id = ? "
				+ "AND sequence_number > ? ORDER BY sequence_number LIMIT ?")) {
			statement.setString(1, goId);
			statement.setLong(2, afterSequenceNr);
			statement.setInt(3, this.pageSize);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					byte[] state = result.getBytes("state_payload");
					rows.add(new Row(result.getLong("sequence_number"), result.getBoolean("is_deleted"),
							result.getBytes("event_payload"), (state != null) ? state : new byte[0],
							result.getLong("timestamp")));
				}
			}
		}
		return rows;
	}

	private static boolean encrypted(Connection connection, String table, String goId) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE persistence_id = ? AND is_encrypted")) {
			statement.setString(1, goId);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getLong(1) > 0;
			}
		}
	}

	private static boolean hasTable(Connection connection, String table) throws SQLException {
		try (ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
			return tables.next();
		}
	}

	private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
		try (ResultSet columns = connection.getMetaData().getColumns(null, null, table, column)) {
			return columns.next();
		}
	}

	private static boolean hasColumn(ResultSet result, String column) throws SQLException {
		for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
			if (result.getMetaData().getColumnName(i).equalsIgnoreCase(column)) {
				return true;
			}
		}
		return false;
	}

	private static Any any(String goId, long sequenceNr, byte[] payload) {
		try {
			return Any.parseFrom(payload);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("row " + goId + "#" + sequenceNr
					+ " of the eGo (Go) database does not hold a serialized google.protobuf.Any", ex);
		}
	}

	private static String typeName(Any any) {
		String url = any.getTypeUrl();
		return url.substring(url.lastIndexOf('/') + 1);
	}

	private record Row(long sequenceNr, boolean deleted, byte[] eventPayload, byte[] statePayload, long timestamp) {
	}

	private static final class Counts {

		long entities;

		long events;

		long skipped;

		long deleted;

		long snapshots;

		long inlineStates;

		long states;

	}

}
