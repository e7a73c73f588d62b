package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.RevisionConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable-state store's group-commit writer: one thread that takes batches of state writes (at most one per
 * entity) from an {@link AppendQueue} and writes each batch in one transaction, as the {@link JournalWriter} does
 * with appends.
 * <p>
 * <b>MariaDB, MySQL, H2.</b> A transaction first reads the stored revision of every entity in the batch (one query);
 * writes that do not follow their entity's revision fail with a {@link RevisionConflictException} right away. The
 * others get consecutive change-feed positions from the counter row ({@code journal_position} row {@code id = 2},
 * whose lock is held until the commit, so positions become visible in commit order), are inserted (revision 1) and
 * updated ({@code WHERE revision = expected}) with one JDBC batch each, then committed, then answered. A writer
 * elsewhere (another node, or {@code delete}) may still win a race between the check and the write: an insert hits
 * the primary key, or an update hits no row; the transaction rolls back and the batch is written again, and the new
 * check fails the entity that lost. A batch that keeps losing races is split into single writes; a single write that
 * loses one is a conflict.
 * <p>
 * <b>PostgreSQL.</b> One statement in auto-commit mode, its own transaction: positions from
 * {@code allocate_positions(n)} (in a {@code MATERIALIZED} CTE, so the transaction id is assigned in its critical
 * section), an {@code INSERT ... ON CONFLICT DO NOTHING} for the first revisions and an {@code UPDATE ... WHERE
 * revision = expected} for the others, both from {@code UNNEST} of arrays, {@code RETURNING} the entities written.
 * An entity not returned lost to the stored revision and fails alone with a {@link RevisionConflictException}; its
 * position stays unused. A concurrent writer of the same row is waited for and its result decides (the update's
 * condition is evaluated again on the newest row version).
 * <p>
 * <b>Failures</b> fail exactly the writes of that transaction: before the commit (connection refused or lost, a
 * statement failed) the transaction is rolled back and they fail with a {@link StoreException}, nothing of them was
 * written; when the commit call failed (on PostgreSQL: the connection failed while the statement ran, or no answer
 * of the database is known, see {@link WriteFailures}), they fail with a {@link StoreOutcomeUnknownException}. A
 * deadlock or serialization failure (the database rolled the transaction back) is retried like a lost race. The
 * next batch opens a new connection, so the writer recovers when the database does.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class StateWriter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StateWriter.class);

	private static final int BATCH_ATTEMPTS = 3;

	/** The most payload bytes in one batch; a bigger state is written alone. */
	static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

	private static final String COLUMNS = PositionLockDialect.STATE_COLUMNS;

	private final StoreContext context;

	private final AppendQueue<StateWriteRequest> queue;

	private final Thread thread;

	private final String postgresSql;

	private final AtomicLong transactions = new AtomicLong();

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private volatile int inFlight;

	StateWriter(StoreContext context) {
		this.context = context;
		Tables tables = context.tables();
		this.postgresSql = (context.sql() instanceof PostgresDialect) ? postgresSql(tables) : "";
		this.queue = new AppendQueue<>(context.options().queueCapacity(), "the JDBC durable-state store",
				"write the state of");
		this.thread = Thread.ofPlatform()
			.name("ego-state-writer-" + tables.prefix())
			.daemon()
			.unstarted(this::run);
		this.thread.start();
	}

	/**
	 * The PostgreSQL statement of a batch: arrays of the states in batch order, {@code ?} 1 is the batch size.
	 */
	private static String postgresSql(Tables tables) {
		String table = tables.durableState();
		String writeTime = "TIMESTAMPTZ 'epoch' + s.write_time * INTERVAL '1 microsecond'";
		return "WITH allocated AS MATERIALIZED (SELECT " + tables.prefix() + "allocate_positions(?) AS first_position), "
				+ "input AS MATERIALIZED (SELECT * FROM UNNEST(?::varchar[], ?::int8[], ?::varchar[], ?::int4[], "
				+ "?::varchar[], ?::bytea[], ?::varchar[], ?::int8[]) WITH ORDINALITY AS s(persistence_id, revision, "
				+ "entity_type, slice, state_type, payload, key_id, write_time, ord)), "
				+ "inserted AS (INSERT INTO " + table + " (" + COLUMNS + ") SELECT s.persistence_id, s.revision, "
				+ "s.entity_type, s.slice, s.state_type, s.payload, s.key_id, " + writeTime + ", "
				+ "a.first_position + s.ord - 1 FROM allocated a, input s WHERE s.revision = 1 "
				+ "ON CONFLICT (persistence_id) DO NOTHING RETURNING persistence_id), "
				+ "updated AS (UPDATE " + table + " d SET revision = s.revision, entity_type = s.entity_type, "
				+ "slice = s.slice, state_type = s.state_type, payload = s.payload, key_id = s.key_id, "
				+ "write_time = " + writeTime + ", position = a.first_position + s.ord - 1, tx_id = pg_current_xact_id() "
				+ "FROM allocated a, input s WHERE s.revision > 1 AND d.persistence_id = s.persistence_id "
				+ "AND d.revision = s.revision - 1 RETURNING d.persistence_id) "
				+ "SELECT persistence_id FROM inserted UNION ALL SELECT persistence_id FROM updated";
	}

	/**
	 * Queues a write and waits until it is durable.
	 * @param request the validated write
	 * @throws StoreException when it failed ({@link RevisionConflictException} on a conflict)
	 */
	void write(StateWriteRequest request) {
		this.queue.put(request);
		request.await();
	}

	/** @return the number of committed transactions with state writes */
	long transactions() {
		return this.transactions.get();
	}

	/** @return the number of states written */
	long written() {
		return this.written.get();
	}

	/** @return the number of batches written again after a lost race, deadlock or serialization failure */
	long retries() {
		return this.retries.get();
	}

	/** @return the number of writes queued or being written */
	int pending() {
		return this.queue.size() + this.inFlight;
	}

	/** @return the number of writes queued, not yet taken by the writer */
	int queued() {
		return this.queue.size();
	}

	/** Writes what is queued, then stops the writer thread. Writes after closing fail. */
	@Override
	public void close() {
		this.queue.close();
		if (Thread.currentThread() != this.thread) {
			try {
				this.thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void run() {
		int maxStates = this.context.options().maxBatchSize();
		long linger = this.context.options().linger().toNanos();
		while (true) {
			List<StateWriteRequest> batch;
			try {
				batch = this.queue.takeBatch(maxStates, MAX_BATCH_BYTES, linger);
			}
			catch (InterruptedException ex) {
				continue; // only close() stops the writer, after draining
			}
			if (batch.isEmpty()) {
				return;
			}
			this.inFlight = batch.size();
			try {
				write(batch);
			}
			catch (RuntimeException | Error ex) {
				logger.error("Durable-state writer failed on a batch of {} states", batch.size(), ex);
				// a state whose commit was attempted may be durable; the others were rolled back or never written
				for (StateWriteRequest request : batch) {
					if (!request.isDone()) {
						request.fail(request.commitAttempted() ? outcomeUnknown(request, ex) : notWritten(request, ex));
					}
				}
			}
			finally {
				this.inFlight = 0;
			}
		}
	}

	private void write(List<StateWriteRequest> batch) {
		List<StateWriteRequest> pending = batch;
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			SQLException cause = null;
			try {
				if (writeOnce(pending)) {
					return;
				}
			}
			catch (SQLException ex) {
				if (!SqlDialect.isDuplicateKey(ex) && !rolledBackByTheDatabase(ex)) {
					logger.warn("Durable-state transaction failed ({} {}): {}", this.context.dialect(), ex.getSQLState(),
							ex.getMessage());
					failPending(pending, ex);
					return;
				}
				cause = ex;
			}
			pending = stillPending(pending);
			boolean race = cause == null || SqlDialect.isDuplicateKey(cause);
			if (pending.isEmpty()) {
				return;
			}
			if (race && pending.size() == 1) {
				// alone, a write that lost a race lost to the stored revision
				StateWriteRequest request = pending.get(0);
				request.fail(conflict(request, cause));
				return;
			}
			if (attempt >= BATCH_ATTEMPTS) {
				if (race) {
					for (StateWriteRequest request : pending) {
						write(List.of(request));
					}
				}
				else {
					failPending(pending, cause);
				}
				return;
			}
			this.retries.incrementAndGet();
			logger.debug("Durable-state batch of {} states {} (attempt {}); writing it again", pending.size(),
					race ? "lost a race" : "was rolled back by the database", attempt);
		}
	}

	/**
	 * Writes a batch in one transaction: conflicting writes fail at once, the others are answered after the commit.
	 * @param requests the writes, at most one per entity
	 * @return {@code true} when the batch was written or answered, {@code false} when it lost a race to another
	 * writer and was rolled back (the writes not answered yet may be written again)
	 * @throws SQLException when the transaction failed before the commit (rolled back); conflicts found before
	 * stay answered
	 */
	private boolean writeOnce(List<StateWriteRequest> requests) throws SQLException {
		return (this.context.sql() instanceof PositionLockDialect dialect) ? writeLocked(dialect, requests)
				: writePostgres(requests);
	}

	private boolean writeLocked(PositionLockDialect dialect, List<StateWriteRequest> requests) throws SQLException {
		Tables tables = this.context.tables();
		List<StateWriteRequest> accepted = new ArrayList<>(requests.size());
		Connection connection = this.context.dataSource().getConnection();
		boolean ended = false;
		try {
			connection.setAutoCommit(false);
			try {
				List<String> ids = new ArrayList<>(requests.size());
				requests.forEach((request) -> ids.add(request.persistenceId()));
				Map<String, long[]> stored = dialect.storedStates(connection, tables, ids);
				for (StateWriteRequest request : requests) {
					long[] row = stored.get(request.persistenceId());
					long actual = (row != null) ? row[0] : 0;
					if (actual != request.expectedRevision()) {
						request.fail(conflict(request, null));
					}
					else {
						accepted.add(request);
					}
				}
				if (accepted.isEmpty()) {
					connection.rollback();
					ended = true;
					return true;
				}
				long position = dialect.allocate(connection, tables, PositionLockDialect.STATE_COUNTER,
						accepted.size()) - accepted.size();
				List<PositionLockDialect.StateRow> inserts = new ArrayList<>();
				List<PositionLockDialect.StateRow> updates = new ArrayList<>();
				for (StateWriteRequest request : accepted) {
					PositionLockDialect.StateRow row = new PositionLockDialect.StateRow(request.state(), ++position);
					(row.state().revision() == 1 ? inserts : updates).add(row);
				}
				if (!inserts.isEmpty()) {
					dialect.insertStates(connection, tables, inserts);
				}
				if (!updates.isEmpty() && !dialect.updateStates(connection, tables, updates)) {
					// an update found no row at its expected revision: another writer was first
					connection.rollback();
					ended = true;
					return false;
				}
			}
			catch (SQLException | RuntimeException | Error ex) {
				// roll back explicitly: closing a connection in a transaction may also commit it
				ended = rollback(connection);
				throw ex;
			}
			accepted.forEach(StateWriteRequest::committing);
			try {
				connection.commit();
				ended = true;
			}
			catch (SQLException | RuntimeException | Error ex) {
				ended = rollback(connection);
				logger.warn("Durable-state commit failed ({} {}): {}", this.context.dialect(),
						(ex instanceof SQLException sql) ? sql.getSQLState() : ex.getClass().getName(), ex.getMessage());
				for (StateWriteRequest request : accepted) {
					request.fail(outcomeUnknown(request, ex));
				}
				if (ex instanceof Error error) {
					throw error;
				}
				return true;
			}
		}
		finally {
			WriteFailures.release(connection, ended, "durable-state");
		}
		this.transactions.incrementAndGet();
		this.written.addAndGet(accepted.size());
		accepted.forEach(StateWriteRequest::complete);
		return true;
	}

	/**
	 * Writes a batch with one statement in auto-commit mode (PostgreSQL): the statement is the commit.
	 */
	private boolean writePostgres(List<StateWriteRequest> batch) throws SQLException {
		// everything before executeQuery fails before the statement ran: nothing was written
		// in the order of the ids, so that writers of other nodes lock shared rows in the same order (no deadlock)
		List<StateWriteRequest> requests = new ArrayList<>(batch);
		requests.sort(Comparator.comparing(StateWriteRequest::persistenceId));
		int n = requests.size();
		String[] ids = new String[n];
		Long[] revisions = new Long[n];
		String[] entityTypes = new String[n];
		Integer[] slices = new Integer[n];
		String[] stateTypes = new String[n];
		byte[][] payloads = new byte[n][];
		String[] keyIds = new String[n];
		Long[] writeTimes = new Long[n];
		for (int i = 0; i < n; i++) {
			DurableStateRecord state = requests.get(i).state();
			ids[i] = state.persistenceId();
			revisions[i] = state.revision();
			entityTypes[i] = state.entityType();
			slices[i] = state.slice();
			stateTypes[i] = state.stateType();
			payloads[i] = state.payload();
			keyIds[i] = state.keyId();
			writeTimes[i] = ChronoUnit.MICROS.between(Instant.EPOCH, state.writeTime());
		}
		Set<String> writtenIds = new HashSet<>();
		Connection connection = this.context.dataSource().getConnection();
		try {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			try (PreparedStatement statement = connection.prepareStatement(this.postgresSql)) {
				statement.setInt(1, n);
				statement.setArray(2, connection.createArrayOf("varchar", ids));
				statement.setArray(3, connection.createArrayOf("int8", revisions));
				statement.setArray(4, connection.createArrayOf("varchar", entityTypes));
				statement.setArray(5, connection.createArrayOf("int4", slices));
				statement.setArray(6, connection.createArrayOf("varchar", stateTypes));
				statement.setArray(7, connection.createArrayOf("bytea", payloads));
				statement.setArray(8, connection.createArrayOf("varchar", keyIds));
				statement.setArray(9, connection.createArrayOf("int8", writeTimes));
				requests.forEach(StateWriteRequest::committing);
				try (ResultSet rs = statement.executeQuery()) {
					// the driver read the whole answer, up to the end of the transaction: the statement committed
					while (rs.next()) {
						writtenIds.add(rs.getString(1));
					}
				}
				catch (SQLException | RuntimeException | Error ex) {
					if (WriteFailures.outcomeUnknown(ex)) {
						logger.warn("Durable-state statement failed, outcome unknown ({}): {}", this.context.dialect(),
								ex.getMessage());
						for (StateWriteRequest request : requests) {
							request.fail(outcomeUnknown(request, ex));
						}
						if (ex instanceof Error error) {
							throw error;
						}
						return true;
					}
					// the database refused the statement: its transaction rolled back, nothing was written
					requests.forEach(StateWriteRequest::notCommitted);
					throw ex;
				}
			}
		}
		finally {
			// auto-commit mode: no transaction is left open, whatever happened
			WriteFailures.release(connection, true, "durable-state");
		}
		this.transactions.incrementAndGet();
		for (StateWriteRequest request : requests) {
			if (writtenIds.contains(request.persistenceId())) {
				this.written.incrementAndGet();
				request.complete();
			}
			else {
				request.fail(conflict(request, null));
			}
		}
		return true;
	}

	/**
	 * Rolls back a failed transaction.
	 * @return whether the transaction is known to be over
	 */
	private static boolean rollback(Connection connection) {
		try {
			connection.rollback();
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Rollback of a failed durable-state transaction failed: {}", ex.getMessage());
			return false;
		}
	}

	/** Whether the database rolled the transaction back by itself: a deadlock or a serialization failure. */
	private static boolean rolledBackByTheDatabase(SQLException ex) {
		for (SQLException sql = ex; sql != null; sql = sql.getNextException()) {
			if ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()) || sql.getErrorCode() == 1213) {
				return true;
			}
			if (sql.getNextException() == sql) {
				break;
			}
		}
		return false;
	}

	private static List<StateWriteRequest> stillPending(List<StateWriteRequest> requests) {
		List<StateWriteRequest> pending = new ArrayList<>(requests.size());
		for (StateWriteRequest request : requests) {
			if (!request.isDone()) {
				pending.add(request);
			}
		}
		return pending;
	}

	private static void failPending(List<StateWriteRequest> requests, SQLException cause) {
		for (StateWriteRequest request : requests) {
			if (!request.isDone()) {
				request.fail(notWritten(request, cause));
			}
		}
	}

	private static RevisionConflictException conflict(StateWriteRequest request, Throwable cause) {
		RevisionConflictException conflict = new RevisionConflictException(request.persistenceId(),
				request.expectedRevision());
		if (cause != null) {
			conflict.initCause(cause);
		}
		return conflict;
	}

	private static StoreException notWritten(StateWriteRequest request, Throwable cause) {
		return new StoreException("writing the state of '" + request.persistenceId() + "' failed: "
				+ cause.getMessage(), cause);
	}

	private static StoreOutcomeUnknownException outcomeUnknown(StateWriteRequest request, Throwable cause) {
		return new StoreOutcomeUnknownException("writing the state of '" + request.persistenceId()
				+ "' failed; it may or may not have been written: " + cause.getMessage(), cause);
	}

}
