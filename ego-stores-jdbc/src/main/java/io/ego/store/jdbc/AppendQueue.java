package io.ego.store.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.ego.core.store.StoreException;

/**
 * The bounded queue between writing callers and a group-commit writer (the journal's
 * appends, durable-state writes). Callers block while it is full (back-pressure); the
 * writer takes batches of whole writes, at most one per entity, bounded in size (events,
 * or states) and in payload bytes.
 * <p>
 * The queue also knows whether a write is under way ({@code busy}): the writer's batch,
 * or a caller's own write. A caller that finds the queue empty and nothing under way may
 * write its request itself ({@link #tryWriteDirectly()}), saving the hand-off to the
 * writer thread and back; until it is done ({@link #written()}) the others queue, and the
 * writer takes no batch. So at most one write runs at a time, as with the writer alone.
 * Under load everything goes through the writer's batches: once writes queued during a
 * write, or the writer's last batch held more than one, callers queue until a single
 * write meets no contention again.
 *
 * @param <R> the writes
 * @author eGo team
 * @since 0.1.0
 */
final class AppendQueue<R extends AppendQueue.Entry> {

	/**
	 * A write waiting in the queue.
	 */
	interface Entry {

		/**
		 * @return the entity written
		 */
		String persistenceId();

		/**
		 * @return the size of the write in the unit of the batch bound (events of an
		 * append, 1 for a state)
		 */
		int size();

		/**
		 * @return the payload bytes of the write, for the byte bound of a batch
		 * ({@code 0} when not counted)
		 */
		default long bytes() {
			return 0;
		}

	}

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private final ArrayDeque<R> requests = new ArrayDeque<>();

	private final int capacity;

	private final String store;

	private final String action;

	private boolean closed;

	/** Whether a batch or a caller's own write is being written. */
	private boolean busy;

	/**
	 * Whether callers may write directly: not while there is contention (writes queued
	 * during the last write, or the writer's last batch held more than one), so that
	 * under load single-write transactions do not alternate with the writer's batches.
	 */
	private boolean directAllowed = true;

	/** The size of the batch being written, {@code 1} for a caller's own write. */
	private int writing;

	/**
	 * Creates a queue.
	 * @param capacity the most writes waiting
	 * @param store the store, for messages ("the JDBC event store")
	 * @param action what a write does to an entity, for messages ("append to")
	 */
	AppendQueue(int capacity, String store, String action) {
		this.capacity = capacity;
		this.store = store;
		this.action = action;
	}

	/**
	 * Queues a write, waiting while the queue is full. The request is added only after
	 * the wait, under the lock: when this method throws, the request was not queued, and
	 * the writer never sees it.
	 * @param request the write
	 * @throws StoreException when the queue is closed or the caller is interrupted while
	 * the queue is full: nothing was written (an interrupt flag set when the queue has
	 * room does not stop the write)
	 */
	void put(R request) {
		this.lock.lock();
		try {
			while (this.requests.size() >= this.capacity && !this.closed) {
				this.notFull.await();
			}
			if (this.closed) {
				throw new StoreException(
						this.store + " is closed: cannot " + this.action + " '" + request.persistenceId() + "'");
			}
			this.requests.add(request);
			this.notEmpty.signal();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreException("interrupted while waiting to " + this.action + " '" + request.persistenceId()
					+ "': nothing was written", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes the next batch, waiting for the first write. Stops at {@code maxEvents}
	 * events (an append bigger than that comes alone) and before a second write of an
	 * entity already in the batch.
	 * @param maxEvents the most events (states) in the batch
	 * @param lingerNanos how long to wait for more writes after the first, {@code 0} to
	 * take only what is queued
	 * @return the batch, empty once the queue is closed and drained
	 * @throws InterruptedException when the writer is interrupted
	 */
	List<R> takeBatch(int maxEvents, long lingerNanos) throws InterruptedException {
		return takeBatch(maxEvents, Long.MAX_VALUE, lingerNanos);
	}

	/**
	 * Takes the next batch, waiting for the first write. Stops at {@code maxEvents}
	 * events (states) or {@code maxBytes} payload bytes (a write bigger than either comes
	 * alone) and before a second write of an entity already in the batch.
	 * @param maxEvents the most events (states) in the batch
	 * @param maxBytes the most payload bytes in the batch
	 * @param lingerNanos how long to wait for more writes after the first, {@code 0} to
	 * take only what is queued
	 * @return the batch, empty once the queue is closed and drained; a batch marks the
	 * queue busy until {@link #written()}
	 * @throws InterruptedException when the writer is interrupted
	 */
	List<R> takeBatch(int maxEvents, long maxBytes, long lingerNanos) throws InterruptedException {
		this.lock.lock();
		try {
			while (this.requests.isEmpty() || this.busy) {
				if (this.closed && this.requests.isEmpty() && !this.busy) {
					return List.of();
				}
				this.notEmpty.await();
			}
			this.busy = true;
			List<R> batch = new ArrayList<>();
			Set<String> entities = new HashSet<>();
			long deadline = System.nanoTime() + lingerNanos;
			int events = 0;
			long bytes = 0;
			while (true) {
				R next = this.requests.peek();
				if (next != null) {
					if (!batch.isEmpty() && (events + next.size() > maxEvents || bytes + next.bytes() > maxBytes
							|| entities.contains(next.persistenceId()))) {
						break;
					}
					this.requests.poll();
					batch.add(next);
					entities.add(next.persistenceId());
					events += next.size();
					bytes += next.bytes();
					continue;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || this.closed || events >= maxEvents || bytes >= maxBytes) {
					break;
				}
				this.notEmpty.awaitNanos(remaining);
			}
			this.notFull.signalAll();
			this.writing = batch.size();
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Lets a caller write its request itself when nothing is queued or being written and
	 * the last write met no contention (a single write, nothing queued during it): the
	 * queue is then busy until the caller calls {@link #written()}, and later writes
	 * queue for the writer.
	 * @return whether the caller may write now; {@code false} when the queue is closed,
	 * holds writes, a write is under way or the last one met contention (the caller
	 * queues its write)
	 */
	boolean tryWriteDirectly() {
		this.lock.lock();
		try {
			if (this.closed || this.busy || !this.directAllowed || !this.requests.isEmpty()) {
				return false;
			}
			this.busy = true;
			this.writing = 1;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Ends the write under way (a batch of the writer, or a caller's own write) and wakes
	 * the writer for what queued meanwhile.
	 */
	void written() {
		this.lock.lock();
		try {
			this.busy = false;
			this.directAllowed = this.writing <= 1 && this.requests.isEmpty();
			this.notEmpty.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Rejects further writes and wakes the writer, which drains what is queued. */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.notEmpty.signalAll();
			this.notFull.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many writes wait.
	 * @return the queue length
	 */
	int size() {
		this.lock.lock();
		try {
			return this.requests.size();
		}
		finally {
			this.lock.unlock();
		}
	}

}
