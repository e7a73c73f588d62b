package io.ego.core.internal.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes idle journal readers (projection workers) when this node appends events. Costs a
 * writer one volatile read while no reader is idle.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JournalSignal {

	private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

	private volatile boolean armed;

	/**
	 * Called by a reader before it reads, so that a write during the read is not missed.
	 */
	public void arm() {
		this.armed = true;
	}

	/** Called after events were appended. */
	public void fire() {
		if (this.armed) {
			this.armed = false;
			for (Thread thread : this.waiting) {
				LockSupport.unpark(thread);
			}
		}
	}

	/**
	 * Waits until events are appended (since the last {@link #arm()}) or the time is up.
	 * @param nanos the longest wait
	 */
	public void await(long nanos) {
		Thread current = Thread.currentThread();
		this.waiting.add(current);
		try {
			if (this.armed) {
				LockSupport.parkNanos(this, nanos);
			}
		}
		finally {
			this.waiting.remove(current);
		}
	}

	/**
	 * Sleeps until woken by {@link #wakeAll()} or the time is up (a paused reader).
	 * @param nanos the longest sleep
	 */
	public void sleep(long nanos) {
		Thread current = Thread.currentThread();
		this.waiting.add(current);
		try {
			LockSupport.parkNanos(this, nanos);
		}
		finally {
			this.waiting.remove(current);
		}
	}

	/** Wakes every waiting reader (stop, pause, resume). */
	public void wakeAll() {
		for (Thread thread : this.waiting) {
			LockSupport.unpark(thread);
		}
	}

}
