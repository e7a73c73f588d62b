package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.EntityAppend;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} on JDBC: PostgreSQL, MariaDB/MySQL or H2.
 * <p>
 * <b>Appends</b> are group-committed: a writer thread puts the appends of many entities
 * that arrive together into one transaction (up to
 * {@link JdbcStoreOptions#maxBatchSize()} events, after
 * {@link JdbcStoreOptions#linger()}), each entity's events all or none, a conflicting
 * entity failing alone with an {@link AppendConflictException}. Callers block until their
 * events are committed; they block before that while
 * {@link JdbcStoreOptions#queueCapacity()} appends are waiting (back-pressure). An
 * interrupt stops a caller only while it waits for room in the queue (nothing is written
 * then); once its append is queued, the caller waits for the writer's answer and keeps
 * its interrupt flag. {@link #close()} writes what is queued and stops the writer.
 * <p>
 * <b>Reads by position</b> ({@link #eventsAfter}, {@link #headPosition()}) are gap-free:
 * an event that commits after a higher position became visible is never skipped.
 * PostgreSQL only returns events of transactions below the reader's snapshot horizon;
 * MariaDB and H2 make positions visible in commit order (see the module's README).
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcEventStore implements EventStore, AutoCloseable {

	private static final int HIGHEST_PAGE = 500;

	private final StoreContext context;

	private final GroupCommitWriter<AppendRequest> writer;

	private final String replaySql;

	private final String recoverySql;

	private final String eventsAfterSql;

	private final String headSql;

	private final String countAfterSql;

	private final String upsertHighestSql;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcEventStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store and starts its writer thread.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcEventStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options,
				(dialect, tables) -> (dialect == JdbcDialect.POSTGRESQL)
						? List.of(tables.journal(), tables.journalHighest())
						: List.of(tables.journal(), tables.journalHighest(), tables.journalPosition()));
		Tables tables = this.context.tables();
		String horizon = this.context.sql().horizonCondition();
		this.replaySql = "SELECT " + EventRows.COLUMNS + " FROM " + tables.journal()
				+ " WHERE persistence_id = ? AND seq_nr >= ? AND seq_nr <= ? ORDER BY seq_nr LIMIT ?";
		this.recoverySql = "SELECT " + EventRows.RECOVERY_COLUMNS + " FROM " + tables.journal()
				+ " WHERE persistence_id = ? AND seq_nr >= ? AND seq_nr <= ? ORDER BY seq_nr LIMIT ?";
		this.eventsAfterSql = "SELECT " + EventRows.COLUMNS + " FROM " + tables.journal()
				+ " WHERE position > ? AND slice >= ? AND slice <= ?" + horizon + " ORDER BY position LIMIT ?";
		this.countAfterSql = "SELECT COUNT(*) FROM (SELECT 1 FROM " + tables.journal()
				+ " WHERE position > ? AND slice >= ? AND slice <= ?" + horizon + " LIMIT ?) counted";
		this.headSql = "SELECT COALESCE(MAX(position), 0) FROM " + tables.journal()
				+ horizon.replaceFirst(" AND ", " WHERE ");
		this.upsertHighestSql = this.context.sql().upsertHighest(tables);
		this.writer = JournalWriter.start(this.context);
	}

	/**
	 * @return the dialect in use
	 */
	public JdbcDialect dialect() {
		return this.context.dialect();
	}

	@Override
	public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
		this.writer.submit(
				AppendRequest.of(persistenceId, expectedSequenceNr, events, this.context.options().maxPayloadSize()));
	}

	/**
	 * Queues every append at once, so that the journal writer takes them in batches of up
	 * to its batch size (one transaction each) instead of one caller's append at a time,
	 * and waits for all of them.
	 */
	@Override
	public void appendAll(List<EntityAppend> appends) {
		List<AppendRequest> requests = new ArrayList<>(appends.size());
		for (EntityAppend append : appends) {
			requests.add(AppendRequest.of(append.persistenceId(), append.expectedSequenceNr(), append.events(),
					this.context.options().maxPayloadSize()));
		}
		this.writer.submitAll(requests);
	}

	@Override
	public List<PersistedEvent> replay(String persistenceId, long fromSequenceNr, long toSequenceNr, int limit) {
		Checks.wellFormed("persistence id", persistenceId);
		Checks.positive("limit", limit);
		if (fromSequenceNr > toSequenceNr) {
			return List.of();
		}
		return StoreContext.call("replay of '" + persistenceId + "'",
				() -> this.context.jdbc()
					.sql(this.replaySql)
					.params(persistenceId, fromSequenceNr, toSequenceNr, limit)
					.query(EventRows.mapper(this.context.sql()))
					.list());
	}

	/**
	 * Reads only the columns recovery needs: no position, write time or repeated ids to
	 * decode per row.
	 */
	@Override
	public List<PersistedEvent> replayForRecovery(String persistenceId, long fromSequenceNr, long toSequenceNr,
			int limit) {
		Checks.wellFormed("persistence id", persistenceId);
		Checks.positive("limit", limit);
		if (fromSequenceNr > toSequenceNr) {
			return List.of();
		}
		return StoreContext.call("replay of '" + persistenceId + "'",
				() -> this.context.jdbc()
					.sql(this.recoverySql)
					.params(persistenceId, fromSequenceNr, toSequenceNr, limit)
					.query(EventRows.recoveryMapper(persistenceId))
					.list());
	}

	@Override
	public long highestSequenceNr(String persistenceId) {
		Checks.wellFormed("persistence id", persistenceId);
		Tables tables = this.context.tables();
		return StoreContext.call("highest sequence number of '" + persistenceId + "'",
				() -> this.context.jdbc()
					.sql("SELECT COALESCE((SELECT MAX(seq_nr) FROM " + tables.journal()
							+ " WHERE persistence_id = ?), 0), " + "COALESCE((SELECT highest_seq_nr FROM "
							+ tables.journalHighest() + " WHERE persistence_id = ?), 0)")
					.params(persistenceId, persistenceId)
					.query((rs, row) -> Math.max(rs.getLong(1), rs.getLong(2)))
					.single());
	}

	/**
	 * Reads the highest sequence numbers in one query per {@value #HIGHEST_PAGE}
	 * entities.
	 */
	@Override
	public Map<String, Long> highestSequenceNrs(Collection<String> persistenceIds) {
		List<String> ids = new ArrayList<>(persistenceIds.size());
		for (String persistenceId : persistenceIds) {
			Checks.wellFormed("persistence id", persistenceId);
			ids.add(persistenceId);
		}
		Map<String, Long> highest = new HashMap<>();
		for (int from = 0; from < ids.size(); from += HIGHEST_PAGE) {
			List<String> page = ids.subList(from, Math.min(ids.size(), from + HIGHEST_PAGE));
			try (Connection connection = this.context.dataSource().getConnection()) {
				highest.putAll(this.context.sql().highestSequenceNrs(connection, this.context.tables(), page));
			}
			catch (SQLException ex) {
				throw new StoreException("reading the highest sequence numbers of " + page.size() + " entities failed: "
						+ StoreContext.describe(ex), ex);
			}
			for (String persistenceId : page) {
				highest.putIfAbsent(persistenceId, 0L);
			}
		}
		return highest;
	}

	@Override
	public List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		Checks.positive("limit", limit);
		if (minSlice > maxSlice) {
			return List.of();
		}
		return StoreContext.call("reading events after position " + afterPosition,
				() -> this.context.jdbc()
					.sql(this.eventsAfterSql)
					.params(afterPosition, minSlice, maxSlice, limit)
					.query(EventRows.mapper(this.context.sql()))
					.list());
	}

	@Override
	public long countAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		Checks.positive("limit", limit);
		if (minSlice > maxSlice) {
			return 0;
		}
		Long count = StoreContext.call("counting the events after position " + afterPosition,
				() -> this.context.jdbc()
					.sql(this.countAfterSql)
					.params(afterPosition, minSlice, maxSlice, limit)
					.query(Long.class)
					.single());
		return (count != null) ? count : 0;
	}

	@Override
	public long headPosition() {
		return StoreContext.call("reading the head position",
				() -> this.context.jdbc().sql(this.headSql).query(Long.class).single());
	}

	/**
	 * Returns the position of the last event before the first one (by position) written
	 * at or after a time. Reads the journal without an index on the write time: meant for
	 * rare operations such as rebuilding a projection from a time.
	 * @param time the time
	 * @return the position after which events were written at or after {@code time}
	 * ({@code 0} for all)
	 */
	@Override
	public long positionBefore(Instant time) {
		Tables tables = this.context.tables();
		String horizon = this.context.sql().horizonCondition();
		return StoreContext.call("finding the position before " + time, () -> {
			List<@Nullable Long> first = this.context.jdbc()
				.sql("SELECT position FROM " + tables.journal() + " WHERE write_time >= ?" + horizon
						+ " ORDER BY position LIMIT 1")
				.param(this.context.sql().timestamp(time))
				.query(Long.class)
				.list();
			if (first.isEmpty()) {
				return headPosition();
			}
			return this.context.jdbc()
				.sql("SELECT COALESCE(MAX(position), 0) FROM " + tables.journal() + " WHERE position < ?" + horizon)
				.param(first.get(0))
				.query(Long.class)
				.single();
		});
	}

	@Override
	public void deleteEvents(String persistenceId, long toSequenceNr, long maxPosition) {
		Checks.wellFormed("persistence id", persistenceId);
		Tables tables = this.context.tables();
		StoreContext.run("deleting events of '" + persistenceId + "'",
				() -> this.context.transactions().executeWithoutResult((status) -> {
					// the latest event (one index probe): if it goes, remember the
					// highest sequence number
					List<long[]> latest = this.context.jdbc()
						.sql("SELECT seq_nr, position FROM " + tables.journal()
								+ " WHERE persistence_id = ? ORDER BY seq_nr DESC LIMIT 1")
						.param(persistenceId)
						.query((rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) })
						.list();
					if (latest.isEmpty()) {
						return;
					}
					long[] last = latest.get(0);
					if (last[0] <= toSequenceNr && last[1] <= maxPosition) {
						this.context.jdbc().sql(this.upsertHighestSql).params(persistenceId, last[0]).update();
					}
					this.context.jdbc()
						.sql("DELETE FROM " + tables.journal()
								+ " WHERE persistence_id = ? AND seq_nr <= ? AND position <= ?")
						.params(persistenceId, toSequenceNr, maxPosition)
						.update();
				}));
	}

	/**
	 * Lists the persistence ids with events or a kept highest sequence number (the union
	 * of {@code journal} and {@code journal_highest}), in the database's order of the
	 * column.
	 */
	@Override
	public List<String> persistenceIds(String afterPersistenceId, int limit) {
		Checks.wellFormed("persistence id", afterPersistenceId);
		Checks.positive("limit", limit);
		Tables tables = this.context.tables();
		return StoreContext.call("listing persistence ids after '" + afterPersistenceId + "'",
				() -> this.context.jdbc()
					.sql("SELECT persistence_id FROM (SELECT DISTINCT persistence_id FROM " + tables.journal()
							+ " WHERE persistence_id > ? UNION SELECT persistence_id FROM " + tables.journalHighest()
							+ " WHERE persistence_id > ?) ids ORDER BY persistence_id LIMIT ?")
					.params(afterPersistenceId, afterPersistenceId, limit)
					.query(String.class)
					.list());
	}

	/**
	 * Raises the kept highest sequence number ({@code journal_highest}, with
	 * {@code GREATEST}).
	 */
	@Override
	public void raiseHighestSequenceNr(String persistenceId, long sequenceNr) {
		Checks.identifier("persistence id", persistenceId);
		if (sequenceNr < 1) {
			throw new IllegalArgumentException("sequence number must be positive but was " + sequenceNr);
		}
		StoreContext.run("raising the highest sequence number of '" + persistenceId + "'",
				() -> this.context.jdbc().sql(this.upsertHighestSql).params(persistenceId, sequenceNr).update());
	}

	/**
	 * Writes the appends already queued, then stops the writer thread; later appends
	 * fail.
	 */
	@Override
	public void close() {
		this.writer.close();
	}

	/**
	 * @return the number of journal transactions committed by this store's writer, for
	 * tests
	 */
	long committedTransactions() {
		return this.writer.transactions();
	}

	/**
	 * @return the number of appends written by this store's writer, for tests
	 */
	long writtenAppends() {
		return this.writer.written();
	}

	/**
	 * @return the number of journal batches retried after a unique-key violation, for
	 * tests
	 */
	long retriedBatches() {
		return this.writer.retries();
	}

	/**
	 * @return the number of appends queued or being written, for tests
	 */
	int pendingAppends() {
		return this.writer.pending();
	}

	/**
	 * @return the number of appends queued, not yet taken by the writer, for tests
	 */
	int queuedAppends() {
		return this.writer.queued();
	}

}
