package io.ego.core.internal.entity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EngineStoppedException;
import io.ego.core.EntityNotFoundException;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one live entity: a {@link Mailbox} of {@link Pending} commands and
 * a "scheduled" flag. Whoever sets the flag (a caller about to block on its reply, or a
 * virtual thread) drains the mailbox; everything a subclass does in {@link #runOnce()}
 * therefore runs on one thread at a time, with the flag's compare-and-set giving the
 * happens-before edge between successive owners. No locks.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
abstract class Cell<S extends Message> {

	private static final Logger logger = LoggerFactory.getLogger(Cell.class);

	private static final VarHandle SCHEDULED;

	static {
		try {
			SCHEDULED = MethodHandles.lookup().findVarHandle(Cell.class, "scheduled", int.class);
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

	/**
	 * Set by the owner when the cell left the directory; later commands are routed to its
	 * successor.
	 */
	private boolean passivated;

	/** The commands; producers enqueue, the owner takes them. */
	final Mailbox<S> mailbox = new Mailbox<>();

	/** Verifies the state in memory before it answers without a write. */
	final HeadCheck headCheck;

	/** Set when a read found no history: the cell leaves once its mailbox is empty. */
	private boolean readWithoutHistory;

	volatile long lastActiveNanos;

	/** Holds recovery off after a failure; owner only. */
	final RecoveryBackoff recoveryBackoff;

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
		this.headCheck = new HeadCheck(this.persistenceId, type::sharedWriters, this::storedHead, this::knownRevision);
		this.recoveryBackoff = new RecoveryBackoff(this.persistenceId, this.mailbox, type.engine.timer(),
				this::schedule);
		this.lastActiveNanos = System.nanoTime();
	}

	// ---- producers

	final boolean tryAcquire() {
		return (int) SCHEDULED.getVolatile(this) == 0 && SCHEDULED.compareAndSet(this, 0, 1);
	}

	// ---- owner

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
					// later commands go to its successor
					this.mailbox.forwardAll((pending) -> this.type.route(this.entityId, pending));
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
			if (this.mailbox.hasQueued()) {
				if (mine != null && mine.isDone()) {
					handOff();
					return;
				}
				continue;
			}
			SCHEDULED.setVolatile(this, 0);
			if (!this.mailbox.hasQueued() || !tryAcquire()) {
				return;
			}
		}
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
			this.type.engine.execute(() -> drain(null));
		}
		catch (RejectedExecutionException ex) {
			do {
				failQueued();
				SCHEDULED.setVolatile(this, 0);
			}
			while (this.mailbox.hasQueued() && tryAcquire());
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
		if (this.mailbox.hasQueued()) {
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
		if (this.mailbox.hasQueued()) {
			schedule();
		}
	}

	/**
	 * Ends the caller's ownership of a cell it acquired; drains what was queued
	 * meanwhile.
	 */
	final void release() {
		SCHEDULED.setVolatile(this, 0);
		if (this.mailbox.hasQueued()) {
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
		if (!acquireExclusively(deadlineNanos)) {
			return false;
		}
		failQueued();
		return true;
	}

	// ---- reads and decisions that write nothing (owner only)

	/**
	 * Tells whether the state in memory may answer a read, a rejection or a no-op (see
	 * {@link HeadCheck}); when the store is ahead, queues the pending again first and
	 * reloads: the caller stops handling, and the pending is decided against the
	 * caught-up state.
	 * @param pending the read or command about to be answered without a write
	 * @return what the check found
	 */
	final HeadCheck.Head checkHead(Pending<S> pending) {
		HeadCheck.Head head = this.headCheck.check(pending);
		if (head == HeadCheck.Head.BEHIND) {
			this.mailbox.redoFirst(List.of(pending));
			reset();
		}
		return head;
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
		if (this.passivated || this.mailbox.hasQueued() || hasHistory() || !canPassivate()) {
			return false;
		}
		passivateOwned();
		return true;
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

	private void failQueued() {
		this.mailbox.failAll(new EngineStoppedException(
				"engine stopped before handling a command for '" + this.persistenceId + "'"));
	}

	/**
	 * Tells whether recovery backs off after a failure; if so, the cell lets go until the
	 * next attempt is due and what is queued waits for it (or for its deadline, which
	 * withdraws it); owner only.
	 * @return whether recovery is backing off (then nothing else may run)
	 */
	final boolean recoveryBackingOff() {
		try {
			if (!this.recoveryBackoff.backingOff()) {
				return false;
			}
			this.deferred = true;
		}
		catch (RejectedExecutionException ex) {
			failQueued(); // the engine stopped
		}
		return true;
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
