package io.ego.core.internal.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.PersistedEvent;

/**
 * One run of a {@link ConsumerWorker}: one thread, with its own stop token and the lease
 * it runs under. A {@link Delivery} handles a batch through it: it waits through it
 * (waking when the run is asked to stop) and commits the worker's offset with it, fenced
 * by the run's lease.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class WorkerRun {

	final ConsumerWorker worker;

	final Lease lease;

	final Thread thread;

	volatile boolean stopRequested;

	volatile boolean handBack;

	WorkerRun(ConsumerWorker worker, Lease lease) {
		this.worker = worker;
		this.lease = lease;
		this.thread = Thread.ofVirtual()
			.name("ego-projection-" + worker.runner.name + "-" + worker.partition)
			.unstarted(() -> worker.run(this));
	}

	/**
	 * @return the position the worker has committed up to
	 */
	long committed() {
		return this.worker.committed;
	}

	/** Names the row being handled, for messages. */
	void handling(PersistedEvent row) {
		this.worker.current = row;
	}

	/** Waits, waking early when the run is asked to stop. */
	void sleep(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		long remaining;
		while (!this.stopRequested && (remaining = deadline - System.nanoTime()) > 0) {
			LockSupport.parkNanos(this, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
		}
	}

	/**
	 * Commits outside a transaction.
	 * @return whether it was stored: {@code false} when the commit was refused (the
	 * offset moved, the lease lost)
	 */
	boolean commit(long position) {
		if (position == this.worker.committed) {
			return true;
		}
		if (!this.worker.runner.offsets.commit(this.lease, this.worker.expected, offset(position))) {
			return false;
		}
		committed(position);
		return true;
	}

	/**
	 * Commits inside the caller's transaction; a refusal rolls the transaction back.
	 * @throws Moved when the commit was refused
	 * @throws CommitFailed when the offset store failed
	 */
	void commitInTransaction(long position) {
		boolean stored;
		try {
			stored = this.worker.runner.offsets.commit(this.lease, this.worker.expected, offset(position));
		}
		catch (RuntimeException ex) {
			throw new CommitFailed(ex);
		}
		if (!stored) {
			throw new Moved();
		}
	}

	/** Records a commit that took effect (in a transaction that committed). */
	void committed(long position) {
		this.worker.expected = position;
		this.worker.committed = position;
	}

	private Offset offset(long position) {
		return new Offset(this.worker.runner.name, this.worker.partition, position,
				Instant.now(this.worker.runner.clock));
	}

	/** A commit inside a transaction was refused: rolls the transaction back. */
	static final class Moved extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Moved() {
			super("offset commit refused", null, false, false);
		}

	}

	/**
	 * The offset store failed inside a transaction: rolls it back; the worker reads its
	 * offset again.
	 */
	static final class CommitFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CommitFailed(RuntimeException cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

}
