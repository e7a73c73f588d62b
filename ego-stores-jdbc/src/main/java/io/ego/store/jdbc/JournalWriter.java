package io.ego.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.ego.core.store.AppendConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the journal's {@link GroupCommitWriter} writes a batch of appends: in one
 * transaction.
 * <p>
 * A transaction first reads the highest sequence number of every entity in the batch (one
 * query, one index probe per entity, deleted events included); appends that do not
 * continue their entity's history fail with an {@link AppendConflictException} right
 * away. The others are inserted with one statement (PostgreSQL: the check and the insert
 * are that one statement, which inserts nothing when an append conflicts; the others are
 * then written again in the same transaction) or one JDBC batch, then committed, then
 * answered. A writer elsewhere (another node) may still win a race between the check and
 * the insert: the unique key on (persistence id, sequence number) rejects the insert, the
 * transaction rolls back, and the batch is retried; the new check fails the entity that
 * lost. A batch that keeps failing on a unique key is split into single appends. Any
 * other failure fails exactly the appends of that transaction: with a
 * {@link StoreException} (nothing was written) when it happened before the commit and the
 * transaction was rolled back, with a {@link StoreOutcomeUnknownException} when the
 * commit call itself failed (the commit may have reached the database). The next batch
 * opens a new connection, so the writer recovers when the database does.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class JournalWriter implements GroupCommitWriter.Batches<AppendRequest> {

	private static final Logger logger = LoggerFactory.getLogger(JournalWriter.class);

	private static final int BATCH_ATTEMPTS = 3;

	private final StoreContext context;

	private JournalWriter(StoreContext context) {
		this.context = context;
	}

	/**
	 * Starts the journal writer of a store.
	 * @param context the store
	 * @return the writer: {@link GroupCommitWriter#submit} queues an append and waits
	 * until it is durable, or throws a {@link StoreException}
	 * ({@link AppendConflictException} on a conflict)
	 */
	static GroupCommitWriter<AppendRequest> start(StoreContext context) {
		return new GroupCommitWriter<>(context, "journal", "ego-journal-writer-" + context.tables().prefix(),
				new AppendQueue<>(context.options().queueCapacity(), "the JDBC event store", "append to"),
				Long.MAX_VALUE, new JournalWriter(context));
	}

	@Override
	public void write(List<AppendRequest> batch, GroupCommitWriter<AppendRequest> writer) {
		List<AppendRequest> pending = batch;
		boolean reconnected = false;
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			try {
				writeOnce(pending, writer);
				return;
			}
			catch (SQLException ex) {
				pending = WriteRequest.unanswered(pending);
				if (!reconnected && WriteFailures.connectionBroke(ex)) {
					// failed before the commit, so rolled back: once on a fresh
					// connection (the pool may have handed out one left stale by an
					// outage)
					reconnected = true;
					attempt--;
					logger.debug("Journal batch of {} appends lost its connection before the commit; writing it again",
							pending.size());
					continue;
				}
				if (!SqlDialect.isDuplicateKey(ex)) {
					fail(pending, failure(ex, "the journal write failed"));
					return;
				}
				if (!violates(ex, this.context.tables().prefix() + "journal_seq_uk")) {
					// not another writer of the same entity: a position taken twice (a
					// reset sequence or counter)
					fail(pending, failure(ex, "the journal write failed on a duplicate position; is "
							+ this.context.tables().journalPosition() + " behind the journal?"));
					return;
				}
				if (attempt >= BATCH_ATTEMPTS) {
					writeOneByOne(pending, ex, writer);
					return;
				}
				writer.retried();
				logger.debug("Journal batch of {} appends hit a unique key (attempt {}); checking again",
						pending.size(), attempt);
			}
		}
	}

	@Override
	public RuntimeException failure(AppendRequest request, Throwable cause) {
		return request.commitAttempted()
				? new StoreOutcomeUnknownException(
						"journal write failed: " + cause + "; the events may or may not have been written", cause)
				: new StoreException("journal write failed: " + cause, cause);
	}

	@Override
	public StoreOutcomeUnknownException commitFailed(AppendRequest request, Throwable cause) {
		return new StoreOutcomeUnknownException(
				"the journal commit failed; the events may or may not have been " + "written: " + cause.getMessage(),
				cause);
	}

	private void writeOneByOne(List<AppendRequest> pending, SQLException cause,
			GroupCommitWriter<AppendRequest> writer) {
		if (pending.size() == 1) {
			AppendRequest request = pending.get(0);
			AppendConflictException conflict = new AppendConflictException(request.persistenceId(),
					request.expectedSequenceNr(), -1);
			conflict.initCause(cause);
			request.fail(conflict);
			return;
		}
		for (AppendRequest request : pending) {
			write(List.of(request), writer);
		}
	}

	/**
	 * Writes a batch in one transaction: conflicting appends fail at once, the others are
	 * answered after commit (see {@link GroupCommitWriter#inTransaction}).
	 * @param requests the appends, at most one per entity
	 * @throws SQLException when the transaction failed before the commit (rolled back);
	 * conflicts found before stay answered
	 */
	private void writeOnce(List<AppendRequest> requests, GroupCommitWriter<AppendRequest> writer) throws SQLException {
		SqlDialect sql = this.context.sql();
		Tables tables = this.context.tables();
		writer.inTransaction((connection) -> {
			if (sql instanceof PostgresDialect postgres) {
				return checkAndInsert(postgres, connection, tables, requests);
			}
			List<String> ids = new ArrayList<>(requests.size());
			requests.forEach((request) -> ids.add(request.persistenceId()));
			Map<String, Long> highest = sql.highestSequenceNrs(connection, tables, ids);
			List<AppendRequest> accepted = new ArrayList<>(requests.size());
			int events = 0;
			for (AppendRequest request : requests) {
				long actual = highest.getOrDefault(request.persistenceId(), 0L);
				if (actual != request.expectedSequenceNr()) {
					request.fail(
							new AppendConflictException(request.persistenceId(), request.expectedSequenceNr(), actual));
				}
				else {
					accepted.add(request);
					events += request.size();
				}
			}
			if (!accepted.isEmpty()) {
				sql.insertEvents(connection, tables, accepted, events);
			}
			return accepted;
		});
	}

	/**
	 * PostgreSQL's write of a batch: the check and the insert in one statement
	 * ({@link PostgresDialect#checkAndInsertEvents}); when some appends conflict, they
	 * fail and the others are checked and inserted again in the same transaction.
	 * @return the appends inserted, to commit
	 */
	private static List<AppendRequest> checkAndInsert(PostgresDialect postgres, Connection connection, Tables tables,
			List<AppendRequest> requests) throws SQLException {
		List<AppendRequest> remaining = requests;
		while (!remaining.isEmpty()) {
			int events = 0;
			for (AppendRequest request : remaining) {
				events += request.size();
			}
			Map<String, Long> conflicts = postgres.checkAndInsertEvents(connection, tables, remaining, events);
			if (conflicts.isEmpty()) {
				return remaining;
			}
			List<AppendRequest> others = new ArrayList<>(remaining.size());
			for (AppendRequest request : remaining) {
				Long actual = conflicts.get(request.persistenceId());
				if (actual != null) {
					request.fail(
							new AppendConflictException(request.persistenceId(), request.expectedSequenceNr(), actual));
				}
				else {
					others.add(request);
				}
			}
			remaining = others;
		}
		return List.of();
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

	private static void fail(List<AppendRequest> requests, StoreException failure) {
		WriteRequest.failUnanswered(requests, (request) -> failure);
	}

	private StoreException failure(SQLException ex, String what) {
		logger.warn("Journal transaction failed ({} {}): {}", this.context.dialect(), ex.getSQLState(),
				ex.getMessage());
		return new StoreException(what + ": " + ex.getMessage(), ex);
	}

}
