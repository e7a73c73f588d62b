package io.ego.core.internal.entity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EgoException;
import org.jspecify.annotations.Nullable;

/**
 * The mailbox of a {@link Cell}: a lock-free multi-producer, single-consumer queue of
 * {@link Pending} commands, with the commands to handle again ahead of it. Producers only
 * {@link #enqueue}; everything else is for the cell's owner.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class Mailbox<S extends Message> {

	private static final VarHandle TAIL;

	static {
		try {
			TAIL = MethodHandles.lookup().findVarHandle(Mailbox.class, "tail", Pending.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile Pending<S> tail;

	/** Last consumed node (the queue's stub); owner only. */
	private Pending<S> head;

	/**
	 * Commands to handle again before the queue, e.g. after a failed write; owner only.
	 */
	private @Nullable ArrayDeque<Pending<S>> redo;

	private volatile @Nullable Thread waiter;

	Mailbox() {
		Pending<S> stub = new Pending<>(null);
		this.head = stub;
		this.tail = stub;
	}

	@SuppressWarnings("unchecked")
	void enqueue(Pending<S> pending) {
		Pending<S> previous = (Pending<S>) TAIL.getAndSet(this, pending);
		previous.next = pending;
		Thread waiting = this.waiter;
		if (waiting != null) {
			LockSupport.unpark(waiting);
		}
	}

	boolean hasQueued() {
		return this.tail != this.head || (this.redo != null && !this.redo.isEmpty());
	}

	/**
	 * @return the command {@link #poll} would take next, without taking it; {@code null}
	 * when none is queued (or a producer is between its two steps)
	 */
	@Nullable Pending<S> peek() {
		ArrayDeque<Pending<S>> again = this.redo;
		if (again != null && !again.isEmpty()) {
			return again.peekFirst();
		}
		return this.head.next;
	}

	@Nullable Pending<S> poll() {
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
	void redoFirst(List<Pending<S>> pendings) {
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
	boolean awaitCommand(long deadlineNanos) {
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
	 * Hands every queued command not yet answered on (the cell left the directory).
	 * @param to what takes each command
	 */
	void forwardAll(Consumer<Pending<S>> to) {
		// The commands are the queue's nodes, and a node this queue still links (its
		// stub,
		// its tail) must not be linked into another queue too: producers of this queue
		// would write its link. So the queue first moves past every command (a marker
		// becomes its stub), and each command is unlinked before it is handed on.
		Pending<S> marker = new Pending<>(null);
		enqueue(marker);
		List<Pending<S>> moving = new ArrayList<>();
		for (;;) {
			Pending<S> pending = poll();
			if (pending == null || pending == marker) {
				break;
			}
			moving.add(pending);
		}
		for (Pending<S> pending : moving) {
			pending.next = null;
			if (!pending.isDone()) {
				to.accept(pending);
			}
		}
	}

	/**
	 * Fails every queued command with the same error (none of them was executed).
	 * @param error the error
	 */
	void failAll(EgoException error) {
		Pending<S> pending;
		while ((pending = poll()) != null) {
			pending.reply(new CommandReply.Failed<>(error));
		}
	}

}
