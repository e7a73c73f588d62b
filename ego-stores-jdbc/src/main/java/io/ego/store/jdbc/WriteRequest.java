package io.ego.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;

/**
 * A write waiting for a {@link GroupCommitWriter}: the caller's future, answered once by
 * the writer, and whether the writer called commit on a transaction holding it.
 *
 * @author eGo team
 * @since 0.2.0
 */
abstract sealed class WriteRequest implements AppendQueue.Entry permits AppendRequest, StateWriteRequest {

	private final CompletableFuture<Void> result = new CompletableFuture<>();

	/**
	 * Whether the writer called commit on a transaction holding this write; read and
	 * written by the writer.
	 */
	private boolean commitAttempted;

	/**
	 * Whether an earlier attempt of this write may have committed (its outcome was not
	 * known): a later failure cannot tell that nothing was written, and a conflict may be
	 * the write's own events; read and written by the writer.
	 */
	private boolean inDoubt;

	/**
	 * Returns the message of an outcome-unknown failure that is not a
	 * {@link RuntimeException}, which the writer never reports (a safety net of
	 * {@link #await}).
	 * @return for instance
	 * {@code append to 'a|1' failed; the events may or may not have been written}
	 */
	abstract String unknownOutcomeMessage();

	final boolean isDone() {
		return this.result.isDone();
	}

	/**
	 * Records that the writer is about to commit this write: from now on, a failure
	 * leaves the outcome unknown.
	 */
	final void committing() {
		this.commitAttempted = true;
	}

	/**
	 * Records that the database refused the transaction the write was in (rolled back):
	 * nothing was written by it (an earlier attempt may have been, see
	 * {@link #inDoubt()}).
	 */
	final void notCommitted() {
		this.commitAttempted = this.inDoubt;
	}

	final boolean commitAttempted() {
		return this.commitAttempted;
	}

	/**
	 * Records that an attempt of this write ended with its outcome unknown: from now on
	 * its failures leave the outcome unknown, and only the stored rows can tell whether
	 * it was written.
	 */
	final void doubted() {
		this.inDoubt = true;
		this.commitAttempted = true;
	}

	/**
	 * @return whether an earlier attempt of this write may have committed
	 */
	final boolean inDoubt() {
		return this.inDoubt;
	}

	final void complete() {
		this.result.complete(null);
	}

	final void fail(RuntimeException failure) {
		this.result.completeExceptionally(failure);
	}

	/**
	 * Waits until the writer answered. The wait cannot be cut short: once the request is
	 * queued, the writer may write it at any time, so only its answer tells whether it
	 * was written. An interrupt that arrives while waiting (or before) is kept, and the
	 * interrupt flag is set again when this method returns or throws.
	 * @throws StoreException when the write failed (a conflict, or a
	 * {@link StoreOutcomeUnknownException} when it may or may not have been written)
	 */
	final void await() {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					this.result.get();
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					Throwable cause = ex.getCause();
					if (cause instanceof RuntimeException failure) {
						throw failure;
					}
					throw new StoreOutcomeUnknownException(unknownOutcomeMessage(), (cause != null) ? cause : ex);
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Returns the writes not answered yet.
	 * @param <R> the writes
	 * @param requests the writes
	 * @return those not answered, in order
	 */
	static <R extends WriteRequest> List<R> unanswered(List<R> requests) {
		List<R> pending = new ArrayList<>(requests.size());
		for (R request : requests) {
			if (!request.isDone()) {
				pending.add(request);
			}
		}
		return pending;
	}

	/**
	 * Fails the writes not answered yet.
	 * @param <R> the writes
	 * @param requests the writes
	 * @param failure the failure of each
	 */
	static <R extends WriteRequest> void failUnanswered(List<R> requests, Function<R, RuntimeException> failure) {
		for (R request : requests) {
			if (!request.isDone()) {
				request.fail(failure.apply(request));
			}
		}
	}

}
