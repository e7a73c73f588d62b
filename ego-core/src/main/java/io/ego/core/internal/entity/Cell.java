package io.ego.core.internal.entity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EgoException;
import io.ego.core.EngineStoppedException;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one live entity: a lock-free multi-producer mailbox of
 * {@link Pending} commands and a "scheduled" flag. Whoever sets the flag (a caller about
 * to block on its reply, or a virtual thread) drains the mailbox; everything a subclass
 * does in {@link #runOnce()} therefore runs on one thread at a time, with the flag's
 * compare-and-set giving the happens-before edge between successive owners. No locks.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
abstract class Cell<S extends Message> {

	private static final Logger logger = LoggerFactory.getLogger(Cell.class);

	private static final VarHandle SCHEDULED;

	private static final VarHandle TAIL;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			SCHEDULED = lookup.findVarHandle(Cell.class, "scheduled", int.class);
			TAIL = lookup.findVarHandle(Cell.class, "tail", Pending.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final EntityType<S> type;

	final String entityId;

	final String persistenceId;

	final int slice;

	@SuppressWarnings("unused") // accessed through SCHEDULED
	private volatile int scheduled;

	private volatile Pending<S> tail;

	/** Last consumed node (the mailbox's stub); owner only. */
	private Pending<S> head;

	/**
	 * Commands to handle again before the mailbox, e.g. after a failed write; owner only.
	 */
	private @Nullable ArrayDeque<Pending<S>> redo;

	/**
	 * Set by the owner when the cell left the directory; later commands are routed to its
	 * successor.
	 */
	private boolean passivated;

	private volatile @Nullable Thread waiter;

	volatile long lastActiveNanos;

	/**
	 * How often recovery reads the store before it fails (a store failure may be a stale
	 * pooled connection).
	 */
	static final int RECOVERY_READ_ATTEMPTS = 3;

	private final RecoveryBackoff recoveryBackoff = new RecoveryBackoff();

	/**
	 * Set by the owner to let go of the cell after this round instead of draining on
	 * (recovery backs off).
	 */
	private boolean deferred;

	Cell(EntityType<S> type, String entityId) {
		this.type = type;
		this.entityId = entityId;
		this.persistenceId = type.persistenceId(entityId);
		this.slice = PersistedEvent.sliceOf(this.persistenceId);
		Pending<S> stub = new Pending<>(null);
		this.head = stub;
		this.tail = stub;
		this.lastActiveNanos = System.nanoTime();
	}

	// ---- producers

	@SuppressWarnings("unchecked")
	final void enqueue(Pending<S> pending) {
		Pending<S> previous = (Pending<S>) TAIL.getAndSet(this, pending);
		previous.next = pending;
		Thread waiting = this.waiter;
		if (waiting != null) {
			LockSupport.unpark(waiting);
		}
	}

	final boolean tryAcquire() {
		return (int) SCHEDULED.getVolatile(this) == 0 && SCHEDULED.compareAndSet(this, 0, 1);
	}

	// ---- owner

	final boolean hasQueued() {
		return this.tail != this.head || (this.redo != null && !this.redo.isEmpty());
	}

	final @Nullable Pending<S> poll() {
		ArrayDeque<Pending<S>> again = this.redo;
		if (again != null && !again.isEmpty()) {
			return again.pollFirst();
		}
		Pending<S> current = this.head;
		Pending<S> next = current.next;
		if (next == null) {
			if (this.tail == current) {
				return null;
			}
			while ((next = current.next) == null) {
				Thread.onSpinWait(); // a producer is between its two steps
			}
		}
		this.head = next;
		return next;
	}

	/**
	 * Queues commands to handle again, in the given order, ahead of everything else (also
	 * of commands queued to be handled again before, which came after them); each is put
	 * back in the queue, so its deadline may withdraw it.
	 * @param pendings the commands, in their original order
	 */
	final void redoFirst(List<Pending<S>> pendings) {
		if (pendings.isEmpty()) {
			return;
		}
		if (this.redo == null) {
			this.redo = new ArrayDeque<>();
		}
		for (int i = pendings.size() - 1; i >= 0; i--) {
			Pending<S> pending = pendings.get(i);
			pending.requeue();
			this.redo.addFirst(pending);
		}
	}

	/**
	 * Waits until a command arrives or the deadline passes (window batching).
	 * @param deadlineNanos the deadline on the {@link System#nanoTime()} scale
	 * @return whether a command is queued
	 */
	final boolean awaitCommand(long deadlineNanos) {
		this.waiter = Thread.currentThread();
		try {
			long remaining;
			while (!hasQueued() && (remaining = deadlineNanos - System.nanoTime()) > 0) {
				LockSupport.parkNanos(this, remaining);
			}
			return hasQueued();
		}
		finally {
			this.waiter = null;
		}
	}

	/**
	 * Drains the mailbox; the caller owns the cell. Returns when the mailbox is empty and
	 * the cell released, or when {@code mine} is answered and the rest was handed to a
	 * virtual thread.
	 * @param mine the caller's own command when draining on the caller's thread, else
	 * {@code null}
	 */
	final void drain(@Nullable Pending<S> mine) {
		for (;;) {
			try {
				if (this.passivated) {
					forwardQueued();
				}
				else if (!this.type.engine.isRunning()) {
					failQueued();
				}
				else {
					runOnce();
				}
			}
			catch (Throwable ex) {
				logger.error("Unexpected failure in entity '{}'; it reloads from the store", this.persistenceId, ex);
				reset();
			}
			this.lastActiveNanos = System.nanoTime();
			if (this.deferred) {
				// backing off: let go; the wake-up (or the next command) drains again
				this.deferred = false;
				SCHEDULED.setVolatile(this, 0);
				return;
			}
			if (hasQueued()) {
				if (mine != null && mine.isDone()) {
					handOff();
					return;
				}
				continue;
			}
			SCHEDULED.setVolatile(this, 0);
			if (!hasQueued() || !tryAcquire()) {
				return;
			}
		}
	}

	final void drainDetached() {
		drain(null);
	}

	/** Schedules a drain on a virtual thread if nobody owns the cell. */
	final void schedule() {
		if (tryAcquire()) {
			handOff();
		}
	}

	/**
	 * Hands the cell its caller owns to a virtual thread that drains it. When the
	 * engine's executor no longer takes tasks (it stopped), fails what is queued with
	 * "engine stopped" and lets go, so that no cell stays owned.
	 */
	private void handOff() {
		try {
			this.type.engine.execute(this::drainDetached);
		}
		catch (RejectedExecutionException ex) {
			do {
				failQueued();
				SCHEDULED.setVolatile(this, 0);
			}
			while (hasQueued() && tryAcquire());
		}
	}

	/**
	 * Tries to passivate: succeeds when the cell is idle and nobody owns it; the cell
	 * leaves the directory and later commands sent to it are forwarded to a fresh cell.
	 * @return whether the cell was passivated
	 */
	final boolean tryPassivate() {
		if (!tryAcquire()) {
			return false;
		}
		if (hasQueued()) {
			handOff();
			return false;
		}
		if (!canPassivate()) {
			release();
			return false;
		}
		passivateOwned();
		return true;
	}

	/**
	 * Passivates the cell its caller owns: it leaves the directory, the caller's
	 * ownership ends, and what is queued (or queued later) is forwarded to a fresh cell.
	 */
	final void passivateOwned() {
		this.passivated = true;
		this.type.remove(this);
		onPassivated();
		SCHEDULED.setVolatile(this, 0);
		if (hasQueued()) {
			schedule();
		}
	}

	/**
	 * Ends the caller's ownership of a cell it acquired; drains what was queued
	 * meanwhile.
	 */
	final void release() {
		SCHEDULED.setVolatile(this, 0);
		if (hasQueued()) {
			schedule();
		}
	}

	/**
	 * Acquires the cell exclusively (e.g. for erasure): waits until nobody owns it;
	 * queued commands stay queued.
	 * @param deadlineNanos when to give up
	 * @return whether the cell was acquired
	 */
	final boolean acquireExclusively(long deadlineNanos) {
		while (!tryAcquire()) {
			if (System.nanoTime() - deadlineNanos > 0) {
				return false;
			}
			LockSupport.parkNanos(100_000);
		}
		return true;
	}

	/**
	 * @return whether the cell left the directory (owner only)
	 */
	final boolean isPassivated() {
		return this.passivated;
	}

	/**
	 * Acquires the cell for shutdown: waits until nobody owns it, then fails whatever is
	 * queued and keeps it.
	 * @param deadlineNanos when to give up
	 * @return whether the cell was acquired
	 */
	final boolean acquireForShutdown(long deadlineNanos) {
		while (!tryAcquire()) {
			if (System.nanoTime() - deadlineNanos > 0) {
				return false;
			}
			LockSupport.parkNanos(100_000);
		}
		failQueued();
		return true;
	}

	private void forwardQueued() {
		Pending<S> pending;
		while ((pending = poll()) != null) {
			if (!pending.isDone()) {
				this.type.route(this.entityId, pending);
			}
		}
	}

	private void failQueued() {
		failQueued(new EngineStoppedException(
				"engine stopped before handling a command for '" + this.persistenceId + "'"));
	}

	/**
	 * Fails every queued command with the same error (none of them was executed); owner
	 * only.
	 */
	final void failQueued(EgoException error) {
		Pending<S> pending;
		while ((pending = poll()) != null) {
			pending.reply(new CommandReply.Failed<>(error));
		}
	}

	/**
	 * Wraps a recovery failure, logs it, fails every queued command with it and backs
	 * off: commands sent before the next attempt (50 ms, doubling up to 1 s) wait for it,
	 * so that a failing store is not hit in a loop; owner only.
	 * @param ex what recovery threw
	 */
	final void recoveryFailed(Throwable ex) {
		failQueued(this.recoveryBackoff.failed(ex, this.persistenceId));
	}

	/**
	 * Tells whether recovery backs off after a failure; if so, the cell lets go until the
	 * next attempt is due and what is queued waits for it (or for its deadline, which
	 * withdraws it); owner only.
	 * @return whether recovery is backing off (then nothing else may run)
	 */
	final boolean recoveryBackingOff() {
		try {
			if (!this.recoveryBackoff.backingOff(this.type.engine.timer(), this::schedule)) {
				return false;
			}
			this.deferred = true;
		}
		catch (RejectedExecutionException ex) {
			failQueued(); // the engine stopped
		}
		return true;
	}

	/** Notes that recovery succeeded: the back-off ends; owner only. */
	final void recoverySucceeded() {
		this.recoveryBackoff.succeeded();
	}

	/** Handles what is queued (at least one command when one is queued); owner only. */
	abstract void runOnce();

	/**
	 * Forgets the in-memory state so that the next command reloads it from the store;
	 * owner only.
	 */
	abstract void reset();

	/** Called by the owner once the cell has left the directory. */
	void onPassivated() {
	}

	/**
	 * @return whether the idle cell may be passivated now (owner only); not while it
	 * writes a snapshot
	 */
	boolean canPassivate() {
		return true;
	}

	/**
	 * Prepares an owned cell for the erasure of its entity: cancels and waits for its
	 * background work.
	 * @param deadlineNanos when to give up
	 * @return whether no background work runs any more
	 */
	boolean quiesceForErasure(long deadlineNanos) {
		return true;
	}

}
