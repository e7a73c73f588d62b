package io.ego.core.internal.entity;

import java.util.concurrent.locks.LockSupport;

import com.google.protobuf.Message;
import io.ego.core.CommandOutcomeUnknownException;
import io.ego.core.EgoException;
import io.ego.core.PersistenceFailureException;
import io.ego.core.internal.telemetry.EngineMetrics;
import io.ego.core.store.AppendConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the commands of an event-sourced batch that did not become durable: its append
 * failed, or the cell failed while building it. The cell reloads afterwards; commands
 * answered against the batch's state, and the commands of a conflicting batch with
 * retries left, are queued to be decided again. Owner only.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class BatchFailures<S extends Message> {

	private static final Logger logger = LoggerFactory.getLogger(EventSourcedCell.class);

	private final String persistenceId;

	private final PendingBatch<S> batch;

	private final Mailbox<S> mailbox;

	private final int conflictRetries;

	private final EngineMetrics.EntityMetrics metrics;

	/**
	 * @param persistenceId the entity
	 * @param batch the cell's batch
	 * @param mailbox the cell's mailbox (commands to decide again go first)
	 * @param conflictRetries how often a conflicting command is decided again
	 * @param metrics the entity type's meters
	 */
	BatchFailures(String persistenceId, PendingBatch<S> batch, Mailbox<S> mailbox, int conflictRetries,
			EngineMetrics.EntityMetrics metrics) {
		this.persistenceId = persistenceId;
		this.batch = batch;
		this.mailbox = mailbox;
		this.conflictRetries = conflictRetries;
		this.metrics = metrics;
	}

	/**
	 * Answers the batch whose append failed: a conflict or a store failure means that
	 * nothing was written; an ambiguous failure (or anything else the store threw) that
	 * the outcome is unknown. A conflict proves that nothing was written, so its commands
	 * are decided again against the reloaded state, up to {@code conflict-retries} times
	 * each, after a short random pause.
	 * @param cause what the append threw
	 */
	void appendFailed(Throwable cause) {
		boolean conflict = cause instanceof AppendConflictException;
		boolean unknown = cause instanceof StoreOutcomeUnknownException
				|| !(cause instanceof StoreException || cause instanceof IllegalArgumentException);
		String message = (conflict ? "events of '" + this.persistenceId + "' conflicted with another writer"
				: unknown ? "events of '" + this.persistenceId + "' may or may not have been written"
						: "events of '" + this.persistenceId + "' could not be written")
				+ ": " + cause.getMessage();
		if (conflict && retryConflicting()) {
			logger.debug("{}; reloading and deciding the batch's commands again", message);
			return;
		}
		logger.warn("{}; failing {} command(s) and reloading", message, this.batch.size());
		answerUnwritten(unknown ? new CommandOutcomeUnknownException(message, cause)
				: new PersistenceFailureException(message, cause));
	}

	/**
	 * Answers the batch being built when the cell failed unexpectedly: its commands were
	 * not written (or, if the failure struck while the store had them, their outcome is
	 * unknown).
	 * @param appending whether the store had the batch
	 */
	void cellFailed(boolean appending) {
		if (this.batch.isEmpty()) {
			return;
		}
		Throwable cause = new IllegalStateException("the entity failed while handling its batch");
		answerUnwritten(appending
				? new CommandOutcomeUnknownException(
						"events of '" + this.persistenceId + "' may or may not have been written: " + cause, cause)
				: new PersistenceFailureException("events of '" + this.persistenceId + "' were not written: " + cause,
						cause));
	}

	/**
	 * Queues the commands of a conflicting batch to be decided again when each has
	 * retries left.
	 * @return whether they were queued again (else the caller fails them)
	 */
	private boolean retryConflicting() {
		int attempt = this.batch.countConflict(this.conflictRetries);
		if (attempt < 0) {
			return false;
		}
		this.mailbox.redoFirst(this.batch.takeAll());
		this.metrics.conflictRetried();
		// the other writer is mid-batch: let it finish before reading its events
		LockSupport.parkNanos(Pending.CONFLICT_BACKOFF.delayAfter(attempt + 1).toNanos());
		return true;
	}

	/**
	 * Answers the waiting commands whose events were in the batch with {@code failure},
	 * and queues the others (answered against the batch's state) to be decided again
	 * after the reload.
	 */
	private void answerUnwritten(EgoException failure) {
		this.mailbox.redoFirst(this.batch.failWritten(failure));
	}

}
