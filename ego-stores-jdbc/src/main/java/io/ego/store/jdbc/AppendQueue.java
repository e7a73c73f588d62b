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
 * The bounded queue between appending callers and the journal writer. Callers block while it is full
 * (back-pressure); the writer takes batches of whole appends, at most one per entity, bounded in events.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class AppendQueue {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private final ArrayDeque<AppendRequest> requests = new ArrayDeque<>();

	private final int capacity;

	private boolean closed;

	AppendQueue(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Queues an append, waiting while the queue is full. The request is added only after the wait, under the lock:
	 * when this method throws, the request was not queued, and the writer never sees it.
	 * @param request the append
	 * @throws StoreException when the queue is closed or the caller is interrupted while the queue is full: nothing
	 * was written (an interrupt flag set when the queue has room does not stop the append)
	 */
	void put(AppendRequest request) {
		this.lock.lock();
		try {
			while (this.requests.size() >= this.capacity && !this.closed) {
				this.notFull.await();
			}
			if (this.closed) {
				throw new StoreException("the JDBC event store is closed: cannot append to '"
						+ request.persistenceId() + "'");
			}
			this.requests.add(request);
			this.notEmpty.signal();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreException("interrupted while waiting to append to '" + request.persistenceId()
					+ "': nothing was written", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes the next batch, waiting for the first append. Stops at {@code maxEvents} events (an append bigger than
	 * that comes alone) and before a second append of an entity already in the batch.
	 * @param maxEvents the most events in the batch
	 * @param lingerNanos how long to wait for more appends after the first, {@code 0} to take only what is queued
	 * @return the batch, empty once the queue is closed and drained
	 * @throws InterruptedException when the writer is interrupted
	 */
	List<AppendRequest> takeBatch(int maxEvents, long lingerNanos) throws InterruptedException {
		this.lock.lock();
		try {
			while (this.requests.isEmpty()) {
				if (this.closed) {
					return List.of();
				}
				this.notEmpty.await();
			}
			List<AppendRequest> batch = new ArrayList<>();
			Set<String> entities = new HashSet<>();
			long deadline = System.nanoTime() + lingerNanos;
			int events = 0;
			while (true) {
				AppendRequest next = this.requests.peek();
				if (next != null) {
					if (!batch.isEmpty() && (events + next.size() > maxEvents || entities.contains(next.persistenceId()))) {
						break;
					}
					this.requests.poll();
					batch.add(next);
					entities.add(next.persistenceId());
					events += next.size();
					continue;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || this.closed || events >= maxEvents) {
					break;
				}
				this.notEmpty.awaitNanos(remaining);
			}
			this.notFull.signalAll();
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Rejects further appends and wakes the writer, which drains what is queued. */
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
	 * Returns how many appends wait.
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
