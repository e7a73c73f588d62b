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
import io.ego.core.EntityNotFoundException;
import io.ego.core.PersistenceFailureException;
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

	/**
	 * When the state in memory was last known to be the store's
	 * ({@link System#nanoTime()}); owner only.
	 */
	private long verifiedAtNanos = System.nanoTime() - Long.MAX_VALUE / 2;

	/** Set when a read found no history: the cell leaves once its mailbox is empty. */
	private boolean readWithoutHistory;

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
			if (this.readWithoutHistory && leaveWhenEmpty()) {
				return;
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

	// ---- reads and decisions that write nothing (owner only)

	/**
	 * Tells whether the state in memory may answer a read, a rejection or a no-op: yes
	 * when this engine is the entity's only writer, or when the state was verified
	 * against the store (recovered, written, or its head checked) after the pending was
	 * created; otherwise checks the store's head (one indexed query). When the store is
	 * ahead, the pending is queued again first and the cell reloads: the caller stops
	 * handling and returns; the pending is then decided against the caught-up state.
	 * @param pending the read or command about to be answered without a write
	 * @return whether to answer now ({@link Head#CURRENT}), stop ({@link Head#BEHIND}),
	 * or go on with the next pending ({@link Head#UNVERIFIED}: the store failed and the
	 * pending was answered "not written")
	 */
	final Head checkHead(Pending<S> pending) {
		if (pending.createdNanos - this.verifiedAtNanos < 0 || !this.type.sharedWriters()) {
			return Head.CURRENT;
		}
		long checkedAt = System.nanoTime();
		long head;
		try {
			head = storedHead();
		}
		catch (Throwable ex) {
			logger.warn("Head of '{}' could not be read: {}", this.persistenceId, ex.toString());
			pending.reply(new CommandReply.Failed<>(new PersistenceFailureException("the head of '" + this.persistenceId
					+ "' could not be read to verify the state; nothing was written: " + ex, ex)));
			return Head.UNVERIFIED;
		}
		if (head <= knownRevision()) {
			this.verifiedAtNanos = checkedAt;
			return Head.CURRENT;
		}
		logger.debug("'{}' is behind the store ({} < {}): another writer; catching up", this.persistenceId,
				knownRevision(), head);
		redoFirst(List.of(pending));
		reset();
		return Head.BEHIND;
	}

	/**
	 * Notes that the state in memory was the store's at an instant (recovery started, a
	 * write began that succeeded): pendings created before it need no head check.
	 * @param nanos the instant, on the {@link System#nanoTime()} scale
	 */
	final void verifiedAt(long nanos) {
		if (nanos - this.verifiedAtNanos > 0) {
			this.verifiedAtNanos = nanos;
		}
	}

	/**
	 * Answers a read with the state (or "not found" when the entity has no history; the
	 * cell then leaves the directory once its mailbox is empty).
	 * @param state the state
	 * @param revision its revision, {@code 0} when the entity has no history
	 * @return the reply
	 */
	final CommandReply<S> readReply(S state, long revision) {
		if (revision == 0 && !hasHistory()) {
			this.readWithoutHistory = true;
			return new CommandReply.Failed<>(
					new EntityNotFoundException("entity '" + this.persistenceId + "' has no history"));
		}
		return new CommandReply.Accepted<>(state, revision);
	}

	/**
	 * Passivates the cell after a read of an id without history, so that reads of unknown
	 * ids leave no live cell; not while anything is queued or the entity got a history
	 * meanwhile.
	 * @return whether the cell left the directory (the caller's ownership ended)
	 */
	private boolean leaveWhenEmpty() {
		this.readWithoutHistory = false;
		if (this.passivated || hasQueued() || hasHistory() || !canPassivate()) {
			return false;
		}
		passivateOwned();
		return true;
	}

	/**
	 * What {@link #checkHead} found.
	 */
	enum Head {

		/** The state in memory is the store's: answer. */
		CURRENT,

		/** The store is ahead: the pending was queued again and the cell reloads. */
		BEHIND,

		/** The head could not be read: the pending was answered with the failure. */
		UNVERIFIED

	}

	/**
	 * @return the entity's head in the store: the journal's highest sequence number, or
	 * the durable state's revision ({@code 0} without history); owner only
	 */
	abstract long storedHead();

	/**
	 * @return the revision of the state in memory; owner only, once recovered
	 */
	abstract long knownRevision();

	/**
	 * @return whether the recovered entity has a history (or an erasure); owner only
	 */
	abstract boolean hasHistory();

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
