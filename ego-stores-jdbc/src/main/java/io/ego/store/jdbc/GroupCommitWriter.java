package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a group-commit writer, shared by the {@link JournalWriter} and the
 * {@link StateWriter}: it takes batches of writes (at most one per entity) from an
 * {@link AppendQueue}, has its {@link Batches} write each batch, fails what a batch left
 * unanswered when it threw, and drains the queue on {@link #close()}. It also runs the
 * transactions of the batches ({@link #inTransaction}): a failure before the commit rolls
 * the transaction back and is thrown (nothing was written), a failure of the commit call
 * fails the writes with a {@link StoreOutcomeUnknownException}. Each writer keeps its SQL
 * and its retries.
 * <p>
 * <b>Writing on the caller's thread.</b> Without a linger, a caller that finds nothing
 * queued and nothing being written (and the last write met no contention, see
 * {@link AppendQueue}) writes its request itself, as a batch of one, exactly as the
 * writer thread would (same transaction, retries and answers), instead of handing it to
 * the writer thread and waiting to be woken up: a sequential caller pays one database
 * transaction and no thread hop. While it writes, the queue is busy
 * ({@link AppendQueue#tryWriteDirectly()}): other writes queue and the writer thread
 * takes them as one batch once it is done, so writes never run concurrently and group
 * commit is kept under load. An interrupt cannot cut a caller's own write short either:
 * the flag is cleared while it writes (a connection wait that an interrupt ends is
 * retried) and set again when the write is answered.
 *
 * @param <R> the writes
 * @author eGo team
 * @since 0.2.0
 */
final class GroupCommitWriter<R extends WriteRequest> implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(GroupCommitWriter.class);

	/**
	 * What a writer writes.
	 *
	 * @param <R> the writes
	 */
	interface Batches<R extends WriteRequest> {

		/**
		 * Writes a batch and answers its writes, retrying as the writer's rules say.
		 * @param batch the writes, at most one per entity
		 * @param writer the writer, for its transactions ({@link #inTransaction}) and
		 * counters
		 * @throws RuntimeException when the batch failed unexpectedly: the writes it left
		 * unanswered fail with {@link #failure}
		 */
		void write(List<R> batch, GroupCommitWriter<R> writer);

		/**
		 * Returns the failure of a write left unanswered by a batch that threw.
		 * @param request the write
		 * @param cause what the batch threw
		 * @return a {@link StoreOutcomeUnknownException} when its commit was attempted,
		 * else a {@link StoreException}
		 */
		RuntimeException failure(R request, Throwable cause);

		/**
		 * Returns the failure of a write whose transaction's commit call failed.
		 * @param request the write
		 * @param cause what the commit threw
		 * @return the failure
		 */
		StoreOutcomeUnknownException commitFailed(R request, Throwable cause);

		/**
		 * Tells whether a batch whose commit call failed (short of an {@link Error}) is
		 * handed back unanswered ({@link OutcomeUnknown}), to be asked again, instead of
		 * failing its writes with {@link #commitFailed}.
		 * @return {@code false} unless the batches can tell their own rows
		 */
		default boolean asksAgainAfterAFailedCommit() {
			return false;
		}

	}

	/**
	 * A write that may have committed (a failed commit call, or a statement in
	 * auto-commit mode whose connection failed): its requests are left unanswered, in
	 * doubt.
	 */
	static final class OutcomeUnknown extends SQLException {

		private static final long serialVersionUID = 1L;

		OutcomeUnknown(Throwable cause) {
			super("outcome unknown: " + cause.getMessage(), cause);
		}

	}

	/**
	 * The statements of a batch's transaction.
	 *
	 * @param <R> the writes
	 */
	interface Transaction<R> {

		/**
		 * Writes in the open transaction; writes found in conflict are answered right
		 * away.
		 * @param connection the connection, not in auto-commit mode
		 * @return the writes to commit, empty when there is nothing to commit,
		 * {@code null} when the batch lost a race to another writer (the transaction is
		 * rolled back)
		 * @throws SQLException when a statement failed (the transaction is rolled back)
		 */
		@Nullable List<R> write(Connection connection) throws SQLException;

	}

	private final StoreContext context;

	private final String name;

	private final Batches<R> batches;

	private final AppendQueue<R> queue;

	private final long maxBytes;

	private final Thread thread;

	private final AtomicLong transactions = new AtomicLong();

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private final boolean direct;

	private volatile int inFlight;

	/**
	 * Whether the caller writing directly was interrupted while waiting for a connection;
	 * written and read by the thread that has the queue busy.
	 */
	private boolean interruptedWhileDirect;

	/**
	 * Creates a writer and starts its thread.
	 * @param context the store
	 * @param name what is written, for logs ({@code journal}, {@code durable-state})
	 * @param threadName the name of the writer thread
	 * @param queue the queue of writes
	 * @param maxBytes the most payload bytes of a batch
	 * @param batches how a batch is written
	 */
	GroupCommitWriter(StoreContext context, String name, String threadName, AppendQueue<R> queue, long maxBytes,
			Batches<R> batches) {
		this.context = context;
		this.name = name;
		this.batches = batches;
		this.queue = queue;
		this.maxBytes = maxBytes;
		this.direct = context.options().linger().isZero();
		this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::run);
		this.thread.start();
	}

	/**
	 * Queues a write and waits until the writer answered it.
	 * @param request the validated write
	 * @throws StoreException when it failed
	 */
	void submit(R request) {
		if (this.direct && this.queue.tryWriteDirectly()) {
			writeDirectly(request);
		}
		else {
			this.queue.put(request);
		}
		request.await();
	}

	/**
	 * Queues several writes (at most one per entity) and waits until the writer answered
	 * each: they are never written on the caller's thread, so the writer takes them in as
	 * few batches as its batch size allows.
	 * @param requests the validated writes
	 * @throws StoreException the first failure once every write was answered, the other
	 * failures suppressed on it
	 */
	void submitAll(List<R> requests) {
		int queued = 0;
		RuntimeException failure = null;
		try {
			for (R request : requests) {
				this.queue.put(request);
				queued++;
			}
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		for (int i = 0; i < queued; i++) {
			try {
				requests.get(i).await();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else if (failure != ex) {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Writes a request on the caller's thread while the queue is busy for it, then lets
	 * the writer thread take what queued meanwhile.
	 */
	private void writeDirectly(R request) {
		boolean interrupted = Thread.interrupted();
		this.interruptedWhileDirect = false;
		this.inFlight = 1;
		try {
			write(List.of(request));
		}
		finally {
			this.inFlight = 0;
			interrupted |= this.interruptedWhileDirect;
			this.queue.written();
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Writes a batch, failing what it left unanswered when it threw. */
	private void write(List<R> batch) {
		try {
			this.batches.write(batch, this);
		}
		catch (RuntimeException | Error ex) {
			logger.error("The {} writer failed on a batch of {} writes", this.name, batch.size(), ex);
			// a write whose commit was attempted may be durable; the others were
			// rolled back or never written
			WriteRequest.failUnanswered(batch, (request) -> this.batches.failure(request, ex));
		}
	}

	/**
	 * @return the number of committed transactions
	 */
	long transactions() {
		return this.transactions.get();
	}

	/**
	 * @return the number of writes committed
	 */
	long written() {
		return this.written.get();
	}

	/**
	 * @return the number of batches written again
	 */
	long retries() {
		return this.retries.get();
	}

	/**
	 * Counts a committed transaction.
	 * @param writes the writes it committed
	 */
	void committed(int writes) {
		this.transactions.incrementAndGet();
		this.written.addAndGet(writes);
	}

	/** Counts a batch written again. */
	void retried() {
		this.retries.incrementAndGet();
	}

	/**
	 * @return the number of writes queued or being written
	 */
	int pending() {
		return this.queue.size() + this.inFlight;
	}

	/**
	 * @return the number of writes queued, not yet taken by the writer
	 */
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
		int maxSize = this.context.options().maxBatchSize();
		long linger = this.context.options().linger().toNanos();
		while (true) {
			List<R> batch;
			try {
				batch = this.queue.takeBatch(maxSize, this.maxBytes, linger);
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
			finally {
				this.inFlight = 0;
				this.queue.written();
			}
		}
	}

	/**
	 * Runs a batch's transaction on a new connection: writes, commits, counts and answers
	 * the committed writes. Releasing the connection after the commit cannot fail the
	 * writes.
	 * @param transaction the statements
	 * @return {@code true} when the batch was written or answered, {@code false} when it
	 * lost a race and was rolled back (the writes not answered yet may be written again)
	 * @throws SQLException when the transaction failed before the commit (rolled back);
	 * conflicts found before stay answered. A failure of the commit call fails the writes
	 * instead (an {@link Error} is thrown on after that), or, when the batches ask again
	 * ({@link Batches#asksAgainAfterAFailedCommit}), is thrown as an
	 * {@link OutcomeUnknown} with the writes left unanswered.
	 */
	boolean inTransaction(Transaction<R> transaction) throws SQLException {
		List<R> accepted;
		Connection connection = connection();
		boolean ended = false;
		try {
			connection.setAutoCommit(false);
			try {
				accepted = transaction.write(connection);
				if (accepted == null || accepted.isEmpty()) {
					connection.rollback();
					ended = true;
					return accepted != null;
				}
			}
			catch (SQLException | RuntimeException | Error ex) {
				// roll back explicitly: closing a connection in a transaction may also
				// commit it
				ended = rollback(connection);
				throw ex;
			}
			accepted.forEach(WriteRequest::committing);
			try {
				connection.commit();
				ended = true;
			}
			catch (SQLException | RuntimeException | Error ex) {
				ended = rollback(connection);
				logger.warn("The {} commit failed ({} {}): {}", this.name, this.context.dialect(),
						(ex instanceof SQLException sql) ? sql.getSQLState() : ex.getClass().getName(),
						ex.getMessage());
				if (!(ex instanceof Error) && this.batches.asksAgainAfterAFailedCommit()) {
					throw new OutcomeUnknown(ex);
				}
				WriteRequest.failUnanswered(accepted, (request) -> this.batches.commitFailed(request, ex));
				if (ex instanceof Error error) {
					throw error;
				}
				return true;
			}
		}
		finally {
			WriteFailures.release(connection, ended, this.name);
		}
		committed(accepted.size());
		accepted.forEach(WriteRequest::complete);
		return true;
	}

	/**
	 * Gets a connection. The writer thread is never interrupted; a caller writing
	 * directly may be, and an interrupt must not end its write: a connection wait that
	 * failed with the interrupt flag set is retried with the flag cleared, and the flag
	 * is set again once the write is answered.
	 */
	Connection connection() throws SQLException {
		while (true) {
			try {
				return this.context.dataSource().getConnection();
			}
			catch (SQLException | RuntimeException ex) {
				if (Thread.currentThread() == this.thread || !Thread.interrupted()) {
					throw ex;
				}
				this.interruptedWhileDirect = true;
			}
		}
	}

	/**
	 * Rolls back a failed transaction and cleans up the connection
	 * ({@link SqlDialect#afterFailedWrite}).
	 * @return whether the transaction is known to be over
	 */
	private boolean rollback(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Rollback of a failed {} transaction failed: {}", this.name, ex.getMessage());
			return false;
		}
		try {
			this.context.sql().afterFailedWrite(connection, this.context.tables());
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Clean-up after a failed {} transaction failed: {}", this.name, ex.getMessage());
		}
		return true;
	}

}
