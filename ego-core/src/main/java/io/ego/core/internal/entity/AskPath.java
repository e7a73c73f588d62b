package io.ego.core.internal.entity;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.google.protobuf.Message;
import io.ego.core.CommandOutcomeUnknownException;
import io.ego.core.CommandReply;
import io.ego.core.CommandTimeoutException;
import io.ego.core.EngineStoppedException;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.telemetry.EngineMetrics.EntityMetrics;
import io.ego.core.internal.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;

/**
 * The ask path of one entity type: queues a command in its cell, runs the cell on the
 * caller's thread or a virtual thread, and answers the command within the ask timeout
 * (withdrawn while still queued, else "outcome unknown").
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class AskPath<S extends Message> {

	private final String typeName;

	private final Duration askTimeout;

	private final long askTimeoutNanos;

	private final EngineRuntime engine;

	private final Function<String, Cell<S>> cells;

	private final UnaryOperator<String> persistenceIds;

	/** The meters timing the commands, when commands are timed by meters; else null. */
	private final @Nullable EntityMetrics commandMeters;

	/**
	 * @param typeName the entity type's name
	 * @param askTimeout how long a command may wait for its reply
	 * @param engine the runtime
	 * @param cells the live cell of an entity id (activated when needed)
	 * @param persistenceIds the persistence id of an entity id
	 * @param commandMeters the meters timing the commands when commands are timed by
	 * meters instead of observations, else {@code null}
	 */
	AskPath(String typeName, Duration askTimeout, EngineRuntime engine, Function<String, Cell<S>> cells,
			UnaryOperator<String> persistenceIds, @Nullable EntityMetrics commandMeters) {
		this.typeName = typeName;
		this.askTimeout = askTimeout;
		this.askTimeoutNanos = askTimeout.toNanos();
		this.engine = engine;
		this.cells = cells;
		this.persistenceIds = persistenceIds;
		this.commandMeters = commandMeters;
	}

	private Pending<S> pending(String entityId, Message command, @Nullable String commandId) {
		return new Pending<>(command, this.engine.telemetry().command(this.typeName, entityId, command), commandId);
	}

	/**
	 * Times a command from its ask to its reply, when commands are timed by meters
	 * (nothing is kept on the command for it).
	 */
	private static <S extends Message> void time(EntityMetrics meters, Message command, long startedNanos,
			@Nullable CommandReply<S> reply) {
		if (reply == null) {
			return;
		}
		long nanos = System.nanoTime() - startedNanos;
		String commandType = command.getDescriptorForType().getFullName();
		try {
			switch (reply) {
				case CommandReply.Accepted<S> accepted -> meters.commandCompleted(commandType, "accepted", null, nanos);
				case CommandReply.Rejected<S> rejected -> meters.commandCompleted(commandType, "rejected", null, nanos);
				case CommandReply.Failed<S> failed -> meters.commandCompleted(commandType,
						failed.outcomeUnknown() ? "unknown" : "failed", failed.error(), nanos);
			}
		}
		catch (Throwable ex) {
			// a meter that throws must not break the reply
			Telemetry.meterFailed(ex);
		}
	}

	/** Times an asynchronous command's reply when commands are timed by meters. */
	private CompletableFuture<CommandReply<S>> timed(Message command, long startedNanos,
			CompletableFuture<CommandReply<S>> reply) {
		EntityMetrics meters = this.commandMeters;
		if (meters != null) {
			reply.thenAccept((answer) -> time(meters, command, startedNanos, answer));
		}
		return reply;
	}

	/**
	 * Sends a command and waits for its reply; see {@link EntityType#askAndWait}.
	 * @param entityId the entity id
	 * @param command the command
	 * @param commandId the command's id, or {@code null}
	 * @return the reply
	 */
	CommandReply<S> askAndWait(String entityId, Message command, @Nullable String commandId) {
		long started = System.nanoTime();
		CommandReply<S> reply = awaitReply(entityId, command, commandId, started);
		EntityMetrics meters = this.commandMeters;
		if (meters != null) {
			time(meters, command, started, reply);
		}
		return reply;
	}

	private CommandReply<S> awaitReply(String entityId, Message command, @Nullable String commandId, long started) {
		if (!this.engine.isRunning()) {
			return stopped(entityId);
		}
		Cell<S> cell = this.cells.apply(entityId);
		Pending<S> pending = pending(entityId, command, commandId);
		cell.mailbox.enqueue(pending);
		if (!this.engine.callerRuns()) {
			cell.schedule();
		}
		else if (cell.tryAcquire()) {
			runHere(cell, pending);
		}
		if (!this.engine.isRunning() && pending.withdraw()) {
			pending.reply(stopped(entityId));
		}
		CommandReply<S> reply = pending.getNow(null);
		if (reply != null) {
			return reply;
		}
		try {
			return pending.get(this.askTimeoutNanos - (System.nanoTime() - started), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			expire(pending, entityId, command, null);
			return pending.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			expire(pending, entityId, command, ex);
			return pending.join();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("reply futures never complete exceptionally", ex);
		}
	}

	/**
	 * Sends a command without blocking; see {@link EntityType#ask}.
	 * @param entityId the entity id
	 * @param command the command
	 * @param commandId the command's id, or {@code null}
	 * @return the future reply, completed (never exceptionally) within the ask timeout
	 */
	CompletableFuture<CommandReply<S>> ask(String entityId, Message command, @Nullable String commandId) {
		return timed(command, System.nanoTime(), send(entityId, command, commandId));
	}

	private CompletableFuture<CommandReply<S>> send(String entityId, Message command, @Nullable String commandId) {
		if (!this.engine.isRunning()) {
			return CompletableFuture.completedFuture(stopped(entityId));
		}
		Cell<S> cell = this.cells.apply(entityId);
		Pending<S> pending = pending(entityId, command, commandId);
		try {
			pending.timeout = this.engine.timer()
				.schedule(() -> expire(pending, entityId, command, null), this.askTimeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the engine shut its timer down: it stopped
			pending.reply(stopped(entityId));
			return pending;
		}
		cell.mailbox.enqueue(pending);
		cell.schedule();
		if (!this.engine.isRunning() && pending.withdraw()) {
			pending.reply(stopped(entityId));
		}
		return pending;
	}

	/**
	 * Sends a command forwarded by another member, without blocking, like {@link #ask};
	 * when the stores answer from memory and the entity is idle, it runs on the calling
	 * thread (the transport's), answered before this returns and without a timer.
	 * @param entityId the entity id
	 * @param command the command
	 * @param commandId the command's id, or {@code null}
	 * @return the future reply, completed (never exceptionally) within the ask timeout
	 */
	CompletableFuture<CommandReply<S>> askForwarded(String entityId, Message command, @Nullable String commandId) {
		if (!this.engine.callerRuns() || !this.engine.isRunning()) {
			return ask(entityId, command, commandId);
		}
		return timed(command, System.nanoTime(), runOrSend(entityId, command, commandId));
	}

	private CompletableFuture<CommandReply<S>> runOrSend(String entityId, Message command, @Nullable String commandId) {
		Cell<S> cell = this.cells.apply(entityId);
		if (!cell.tryAcquire()) {
			// another thread runs the entity: queued with its deadline, as any command
			// sent without waiting
			return send(entityId, command, commandId);
		}
		Pending<S> pending = pending(entityId, command, commandId);
		cell.mailbox.enqueue(pending);
		runHere(cell, pending);
		if (!this.engine.isRunning() && pending.withdraw()) {
			pending.reply(stopped(entityId));
		}
		if (pending.isDone()) {
			return pending;
		}
		// the drain let go before answering it (backing off after a conflict): its
		// deadline, cancelled by its reply
		try {
			ScheduledFuture<?> timeout = this.engine.timer()
				.schedule(() -> expire(pending, entityId, command, null), this.askTimeoutNanos, TimeUnit.NANOSECONDS);
			pending.timeout = timeout;
			if (pending.isDone()) {
				timeout.cancel(false);
			}
		}
		catch (RejectedExecutionException ex) {
			// the engine shut its timer down: it stopped
			if (pending.withdraw()) {
				pending.reply(stopped(entityId));
			}
		}
		return pending;
	}

	/**
	 * Runs the entity on the caller's thread: with a clean interrupt flag, and whatever a
	 * behaviour sets on it (e.g. while handling another caller's command) does not stay
	 * on the caller's thread.
	 */
	private static <S extends Message> void runHere(Cell<S> cell, Pending<S> pending) {
		boolean interrupted = Thread.interrupted();
		try {
			cell.drain(pending);
		}
		finally {
			Thread.interrupted(); // clears what the drain set
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Answers a command whose deadline passed: withdrawn (never executed) when it was
	 * still queued, else "outcome unknown".
	 */
	private void expire(Pending<S> pending, String entityId, Message command,
			@Nullable InterruptedException interrupted) {
		if (pending.isDone()) {
			return;
		}
		String persistenceId = this.persistenceIds.apply(entityId);
		String what = (interrupted != null)
				? "interrupted while waiting for the reply of '" + persistenceId + "' to "
						+ command.getDescriptorForType().getFullName()
				: "no reply from '" + persistenceId + "' to " + command.getDescriptorForType().getFullName()
						+ " within " + this.askTimeout;
		if (pending.withdraw()) {
			CommandTimeoutException timeout = new CommandTimeoutException(
					what + "; the command was still queued and is " + "withdrawn: it is never executed");
			if (interrupted != null) {
				timeout.initCause(interrupted);
			}
			pending.reply(new CommandReply.Failed<>(timeout));
		}
		else {
			CommandOutcomeUnknownException unknown = new CommandOutcomeUnknownException(
					what + "; the command had " + "started: it may or may not have been written");
			if (interrupted != null) {
				unknown.initCause(interrupted);
			}
			pending.reply(new CommandReply.Failed<>(unknown));
		}
	}

	private CommandReply<S> stopped(String entityId) {
		return new CommandReply.Failed<>(new EngineStoppedException(
				"engine stopped: command for '" + this.persistenceIds.apply(entityId) + "' not accepted"));
	}

}
