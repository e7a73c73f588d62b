package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's group-commit writer: one thread that takes batches of appends from the {@link AppendQueue} and
 * writes each batch in one transaction.
 * <p>
 * A transaction first reads the highest sequence number of every entity in the batch (one query, one index
 * probe per entity, deleted events included); appends that do not continue their entity's history fail with an
 * {@link AppendConflictException} right away. The others are inserted with one statement (PostgreSQL) or one JDBC
 * batch, then committed, then answered. A writer elsewhere (another node) may still win a race between the check
 * and the insert: the unique key on (persistence id, sequence number) rejects the insert, the transaction rolls
 * back, and the batch is retried; the new check fails the entity that lost. A batch that keeps failing on a
 * unique key is split into single appends. Any other failure fails exactly the appends of that transaction: with a
 * {@link StoreException} (nothing was written) when it happened before the commit and the transaction was rolled
 * back, with a {@link StoreOutcomeUnknownException} when the commit call itself failed (the commit may have reached
 * the database). The next batch opens a new connection, so the writer recovers when the database does.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class JournalWriter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JournalWriter.class);

	private static final int BATCH_ATTEMPTS = 3;

	private final StoreContext context;

	private final AppendQueue<AppendRequest> queue;

	private final Thread thread;

	private final AtomicLong transactions = new AtomicLong();

	private final AtomicLong appends = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private volatile int inFlight;

	JournalWriter(StoreContext context) {
		this.context = context;
		this.queue = new AppendQueue<>(context.options().queueCapacity(), "the JDBC event store", "append to");
		this.thread = Thread.ofPlatform()
			.name("ego-journal-writer-" + context.tables().prefix())
			.daemon()
			.unstarted(this::run);
		this.thread.start();
	}

	/**
	 * Queues an append and waits until it is durable.
	 * @param request the validated append
	 * @throws StoreException when it failed ({@link AppendConflictException} on a conflict)
	 */
	void append(AppendRequest request) {
		this.queue.put(request);
		request.await();
	}

	/** @return the number of committed journal transactions */
	long transactions() {
		return this.transactions.get();
	}

	/** @return the number of appends written */
	long appends() {
		return this.appends.get();
	}

	/** @return the number of batches written again after a unique-key violation */
	long retries() {
		return this.retries.get();
	}

	/** @return the number of appends queued or being written */
	int pending() {
		return this.queue.size() + this.inFlight;
	}

	/** @return the number of appends queued, not yet taken by the writer */
	int queued() {
		return this.queue.size();
	}

	/** Writes what is queued, then stops the writer thread. Appends after closing fail. */
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
		int maxEvents = this.context.options().maxBatchSize();
		long linger = this.context.options().linger().toNanos();
		while (true) {
			List<AppendRequest> batch;
			try {
				batch = this.queue.takeBatch(maxEvents, linger);
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
				logger.error("Journal writer failed on a batch of {} appends", batch.size(), ex);
				// an append whose commit was attempted may be durable; the others were rolled back or never written
				StoreException notWritten = new StoreException("journal write failed: " + ex, ex);
				StoreOutcomeUnknownException unknown = new StoreOutcomeUnknownException("journal write failed: " + ex
						+ "; the events may or may not have been written", ex);
				for (AppendRequest request : batch) {
					if (!request.isDone()) {
						request.fail(request.commitAttempted() ? unknown : notWritten);
					}
				}
			}
			finally {
				this.inFlight = 0;
			}
		}
	}

	private void write(List<AppendRequest> batch) {
		List<AppendRequest> pending = batch;
		boolean reconnected = false;
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			try {
				writeOnce(pending);
				return;
			}
			catch (SQLException ex) {
				pending = stillPending(pending);
				if (!reconnected && WriteFailures.connectionBroke(ex)) {
					// failed before the commit, so rolled back: once on a fresh connection (the pool may have handed
					// out one left stale by an outage)
					reconnected = true;
					attempt--;
					logger.debug("Journal batch of {} appends lost its connection before the commit; writing it again",
							pending.size());
					continue;
				}
				if (!SqlDialect.isDuplicateKey(ex)) {
					failPending(pending, failure(ex, "the journal write failed"));
					return;
				}
				if (!violates(ex, this.context.tables().prefix() + "journal_seq_uk")) {
					// not another writer of the same entity: a position taken twice (a reset sequence or counter)
					failPending(pending, failure(ex, "the journal write failed on a duplicate position; is "
							+ this.context.tables().journalPosition() + " behind the journal?"));
					return;
				}
				if (attempt >= BATCH_ATTEMPTS) {
					writeOneByOne(pending, ex);
					return;
				}
				this.retries.incrementAndGet();
				logger.debug("Journal batch of {} appends hit a unique key (attempt {}); checking again",
						pending.size(), attempt);
			}
		}
	}

	private void writeOneByOne(List<AppendRequest> pending, SQLException cause) {
		if (pending.size() == 1) {
			AppendRequest request = pending.get(0);
			AppendConflictException conflict = new AppendConflictException(request.persistenceId(),
					request.expectedSequenceNr(), -1);
			conflict.initCause(cause);
			request.fail(conflict);
			return;
		}
		for (AppendRequest request : pending) {
			write(List.of(request));
		}
	}

	/**
	 * Writes a batch in one transaction: conflicting appends fail at once, the others are answered after commit.
	 * A failure before the commit rolls the transaction back and is thrown (nothing was written); a failure of the
	 * commit call itself fails the appends with a {@link StoreOutcomeUnknownException} (an {@link Error} is thrown
	 * on after that). Releasing the connection after the commit cannot fail the appends.
	 * @param requests the appends, at most one per entity
	 * @throws SQLException when the transaction failed before the commit (rolled back); conflicts found before stay
	 * answered
	 */
	private void writeOnce(List<AppendRequest> requests) throws SQLException {
		SqlDialect sql = this.context.sql();
		Tables tables = this.context.tables();
		List<AppendRequest> accepted = new ArrayList<>(requests.size());
		Connection connection = this.context.dataSource().getConnection();
		boolean ended = false;
		try {
			connection.setAutoCommit(false);
			try {
				List<String> ids = new ArrayList<>(requests.size());
				requests.forEach((request) -> ids.add(request.persistenceId()));
				Map<String, Long> highest = sql.highestSequenceNrs(connection, tables, ids);
				int events = 0;
				for (AppendRequest request : requests) {
					long actual = highest.getOrDefault(request.persistenceId(), 0L);
					if (actual != request.expectedSequenceNr()) {
						request.fail(new AppendConflictException(request.persistenceId(), request.expectedSequenceNr(),
								actual));
					}
					else {
						accepted.add(request);
						events += request.size();
					}
				}
				if (accepted.isEmpty()) {
					connection.rollback();
					ended = true;
					return;
				}
				sql.insertEvents(connection, tables, accepted, events);
			}
			catch (SQLException | RuntimeException | Error ex) {
				// roll back explicitly: closing a connection in a transaction may also commit it
				ended = rollback(connection, sql, tables);
				throw ex;
			}
			accepted.forEach(AppendRequest::committing);
			try {
				connection.commit();
				ended = true;
			}
			catch (SQLException | RuntimeException | Error ex) {
				ended = rollback(connection, sql, tables);
				failPending(accepted, outcomeUnknown(ex, "the journal commit failed"));
				if (ex instanceof Error error) {
					throw error;
				}
				return;
			}
		}
		finally {
			WriteFailures.release(connection, ended, "journal");
		}
		this.transactions.incrementAndGet();
		this.appends.addAndGet(accepted.size());
		accepted.forEach(AppendRequest::complete);
	}

	/**
	 * Rolls back a failed journal transaction.
	 * @return whether the transaction is known to be over
	 */
	private static boolean rollback(Connection connection, SqlDialect sql, Tables tables) {
		try {
			connection.rollback();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Rollback of a failed journal transaction failed: {}", ex.getMessage());
			return false;
		}
		try {
			sql.afterFailedWrite(connection, tables);
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Clean-up after a failed journal transaction failed: {}", ex.getMessage());
		}
		return true;
	}

	private static boolean violates(SQLException ex, String constraint) {
		String name = constraint.toLowerCase(Locale.ROOT);
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(name)) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getNextException() != null
					&& String.valueOf(sql.getNextException().getMessage()).toLowerCase(Locale.ROOT).contains(name)) {
				return true;
			}
		}
		return false;
	}

	private static List<AppendRequest> stillPending(List<AppendRequest> requests) {
		List<AppendRequest> pending = new ArrayList<>(requests.size());
		for (AppendRequest request : requests) {
			if (!request.isDone()) {
				pending.add(request);
			}
		}
		return pending;
	}

	private static void failPending(List<AppendRequest> requests, StoreException failure) {
		for (AppendRequest request : requests) {
			if (!request.isDone()) {
				request.fail(failure);
			}
		}
	}

	private StoreException failure(SQLException ex, String what) {
		logger.warn("Journal transaction failed ({} {}): {}", this.context.dialect(), ex.getSQLState(), ex.getMessage());
		return new StoreException(what + ": " + ex.getMessage(), ex);
	}

	private StoreOutcomeUnknownException outcomeUnknown(Throwable ex, String what) {
		logger.warn("Journal commit failed ({} {}): {}", this.context.dialect(),
				(ex instanceof SQLException sql) ? sql.getSQLState() : ex.getClass().getName(), ex.getMessage());
		return new StoreOutcomeUnknownException(what + "; the events may or may not have been written: "
				+ ex.getMessage(), ex);
	}

}
