package io.ego.store.jdbc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;

/**
 * One entity's durable-state write waiting for the {@link StateWriter}: the validated state and the caller's future.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class StateWriteRequest implements AppendQueue.Entry {

	private final DurableStateRecord state;

	private final CompletableFuture<Void> result = new CompletableFuture<>();

	/** Whether the writer called commit on a transaction holding this state; read and written by the writer. */
	private boolean commitAttempted;

	StateWriteRequest(DurableStateRecord state) {
		this.state = state;
	}

	DurableStateRecord state() {
		return this.state;
	}

	@Override
	public String persistenceId() {
		return this.state.persistenceId();
	}

	/** @return {@code 1}: a batch is bounded in states */
	@Override
	public int size() {
		return 1;
	}

	@Override
	public long bytes() {
		return this.state.payload().length;
	}

	/** @return the revision the stored state must have for this write to apply */
	long expectedRevision() {
		return this.state.revision() - 1;
	}

	boolean isDone() {
		return this.result.isDone();
	}

	/** Records that the writer is about to commit this state: from now on, a failure leaves the outcome unknown. */
	void committing() {
		this.commitAttempted = true;
	}

	/** Records that the database refused the transaction the state was in (rolled back): nothing was written. */
	void notCommitted() {
		this.commitAttempted = false;
	}

	boolean commitAttempted() {
		return this.commitAttempted;
	}

	void complete() {
		this.result.complete(null);
	}

	void fail(RuntimeException failure) {
		this.result.completeExceptionally(failure);
	}

	/**
	 * Waits until the writer answered. The wait cannot be cut short: once the request is queued, the writer may
	 * write it at any time, so only its answer tells whether the state was written. An interrupt that arrives while
	 * waiting (or before) is kept, and the interrupt flag is set again when this method returns or throws.
	 * @throws StoreException when the write failed (a {@code RevisionConflictException} on a conflict, a
	 * {@code StoreOutcomeUnknownException} when the state may or may not have been written)
	 */
	void await() {
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
					if (ex.getCause() instanceof RuntimeException failure) {
						throw failure;
					}
					throw new StoreOutcomeUnknownException("writing the state of '" + persistenceId()
							+ "' failed; it may or may not have been written", ex.getCause());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
