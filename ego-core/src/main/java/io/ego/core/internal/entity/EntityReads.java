package io.ego.core.internal.entity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.CommandTimeoutException;
import io.ego.core.EgoException;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EngineStoppedException;
import io.ego.core.EntityState;
import io.ego.core.EventSourcedBehavior;
import org.jspecify.annotations.Nullable;

/**
 * Reads of an entity's state ({@code EntityRef.state()}): a {@linkplain Pending#read()
 * read} queued in the entity's mailbox like a command, so that it is ordered with the
 * commands and never writes. The cell answers it with the state and revision, with an
 * {@link io.ego.core.EntityNotFoundException} when the entity has no history (and then
 * does not stay live), or checks the store's head first when other engines may write (see
 * {@link Cell#checkHead}).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class EntityReads {

	private EntityReads() {
	}

	/**
	 * Reads the state and waits, at most the ask timeout; runs the entity on the calling
	 * thread when every store is in memory and the entity is idle.
	 * @param type the entity type
	 * @param entityId the entity id
	 * @param <S> the state type
	 * @return the state
	 * @throws EgoException when the entity is not found, was erased, or the read failed
	 */
	static <S extends Message> EntityState<S> state(EntityType<S> type, String entityId) {
		long started = System.nanoTime();
		if (!type.engine.isRunning()) {
			throw stopped(type, entityId);
		}
		Cell<S> cell = type.cell(entityId);
		Pending<S> pending = Pending.read();
		cell.mailbox.enqueue(pending);
		if (!type.engine.callerRuns()) {
			cell.schedule();
		}
		else if (cell.tryAcquire()) {
			boolean interrupted = Thread.interrupted();
			try {
				cell.drain(pending);
			}
			finally {
				Thread.interrupted();
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
		if (!type.engine.isRunning() && pending.withdraw()) {
			pending.reply(new CommandReply.Failed<>(stopped(type, entityId)));
		}
		CommandReply<S> reply = pending.getNow(null);
		if (reply == null) {
			try {
				reply = pending.get(type.settings.askTimeout().toNanos() - (System.nanoTime() - started),
						TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				expire(type, entityId, pending, null);
				reply = pending.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				expire(type, entityId, pending, ex);
				reply = pending.join();
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("reply futures never complete exceptionally", ex);
			}
		}
		return stateOf(reply);
	}

	/**
	 * Reads the state without blocking; the entity runs on a virtual thread.
	 * @param type the entity type
	 * @param entityId the entity id
	 * @param <S> the state type
	 * @return the state, completed within the ask timeout, exceptionally with the
	 * {@link EgoException} {@link #state} throws
	 */
	static <S extends Message> CompletableFuture<EntityState<S>> stateAsync(EntityType<S> type, String entityId) {
		return readAsync(type, entityId, Pending.read());
	}

	/**
	 * Asks an event-sourced entity to snapshot its state at its head, without blocking;
	 * completes once that snapshot (or a later one) is written.
	 * @param type the entity type
	 * @param entityId the entity id
	 * @param <S> the state type
	 * @return the state and revision snapshotted, as {@link #stateAsync} completes
	 */
	static <S extends Message> CompletableFuture<EntityState<S>> snapshotAsync(EntityType<S> type, String entityId) {
		if (!(type.behavior() instanceof EventSourcedBehavior)) {
			return CompletableFuture.failedFuture(new UnsupportedOperationException("entity type '" + type.name
					+ "' keeps a durable state: it has no snapshots (only event-sourced entities do)"));
		}
		if (type.engine.snapshotStore() == null) {
			return CompletableFuture.failedFuture(new EngineConfigurationException(
					"no snapshot store: the engine cannot snapshot '" + type.name + "|" + entityId + "'"));
		}
		return readAsync(type, entityId, Pending.snapshot());
	}

	private static <S extends Message> CompletableFuture<EntityState<S>> readAsync(EntityType<S> type, String entityId,
			Pending<S> pending) {
		if (!type.engine.isRunning()) {
			return CompletableFuture.failedFuture(stopped(type, entityId));
		}
		Cell<S> cell = type.cell(entityId);
		try {
			pending.timeout = type.engine.timer()
				.schedule(() -> expire(type, entityId, pending, null), type.settings.askTimeout().toNanos(),
						TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.failedFuture(stopped(type, entityId));
		}
		cell.mailbox.enqueue(pending);
		cell.schedule();
		if (!type.engine.isRunning() && pending.withdraw()) {
			pending.reply(new CommandReply.Failed<>(stopped(type, entityId)));
		}
		CompletableFuture<EntityState<S>> state = pending.thenCompose((reply) -> {
			try {
				return CompletableFuture.completedFuture(stateOf(reply));
			}
			catch (EgoException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		});
		CompletableFuture<Void> written = pending.snapshotWritten;
		return (written == null) ? state : state.thenCompose((read) -> written.thenApply((ignored) -> read));
	}

	private static <S extends Message> EntityState<S> stateOf(CommandReply<S> reply) {
		return switch (reply) {
			case CommandReply.Accepted<S> accepted -> new EntityState<>(accepted.state(), accepted.revision());
			case CommandReply.Rejected<S> rejected -> throw rejected.rejection();
			case CommandReply.Failed<S> failed -> throw failed.error();
		};
	}

	/** A read whose deadline passed: it wrote nothing, whether or not it had started. */
	private static <S extends Message> void expire(EntityType<S> type, String entityId, Pending<S> pending,
			@Nullable InterruptedException interrupted) {
		if (pending.isDone()) {
			return;
		}
		pending.withdraw();
		CommandTimeoutException timeout = new CommandTimeoutException(
				((interrupted != null) ? "interrupted while reading the state of '" + type.persistenceId(entityId) + "'"
						: "no state of '" + type.persistenceId(entityId) + "' within " + type.settings.askTimeout())
						+ "; a read writes nothing: reading again is safe");
		if (interrupted != null) {
			timeout.initCause(interrupted);
		}
		pending.reply(new CommandReply.Failed<>(timeout));
	}

	private static EngineStoppedException stopped(EntityType<?> type, String entityId) {
		return new EngineStoppedException("engine stopped: state of '" + type.persistenceId(entityId) + "' not read");
	}

}
