package io.ego.core;

import java.util.concurrent.CompletableFuture;

import com.google.protobuf.Message;

/**
 * A typed handle on one entity, obtained from {@link EgoEngine#entity}. Cheap to create
 * and to keep; it stays valid across passivation (the entity is activated again on
 * demand).
 *
 * @param <S> the entity's state type
 * @author eGo team
 * @since 0.1.0
 */
public interface EntityRef<S extends Message> {

	/**
	 * Sends a command without blocking; the entity runs on a virtual thread.
	 * @param command the command
	 * @return the reply, completed (never exceptionally) within the ask timeout
	 */
	default CompletableFuture<CommandReply<S>> ask(Message command) {
		return ask(command, CommandOptions.none());
	}

	/**
	 * Sends a command without blocking, with options such as a command id (which makes
	 * re-sending it safe: see {@link CommandOptions}).
	 * @param command the command
	 * @param options how it is sent
	 * @return the reply, completed (never exceptionally) within the ask timeout
	 */
	CompletableFuture<CommandReply<S>> ask(Message command, CommandOptions options);

	/**
	 * Sends a command and waits for its reply, at most the ask timeout, on every path.
	 * When every store is in memory ({@link io.ego.core.store.NonBlockingStore}) and the
	 * entity is idle, the command runs on the calling thread (no hand-off); otherwise on
	 * a virtual thread while the caller only waits, so that a slow or hung store cannot
	 * hold it past the deadline.
	 * @param command the command
	 * @return the reply
	 */
	default CommandReply<S> askAndWait(Message command) {
		return askAndWait(command, CommandOptions.none());
	}

	/**
	 * Sends a command and waits for its reply, with options such as a command id (which
	 * makes re-sending it safe after a timeout or an unknown outcome: see
	 * {@link CommandOptions}).
	 * @param command the command
	 * @param options how it is sent
	 * @return the reply
	 */
	CommandReply<S> askAndWait(Message command, CommandOptions options);

	/**
	 * Reads the entity's current state and revision without writing, and waits for it, at
	 * most the ask timeout. The read is queued like a command, so it is linearizable with
	 * the commands to the entity: it sees every command answered before it was sent.
	 * <p>
	 * It never answers a state older than the store's: when other engines may write the
	 * entity ({@link EntitySettings.Writers}), the entity checks the store's head first
	 * (one indexed query: the journal's highest sequence number, or the durable state's
	 * row) and catches up when it is behind; a single writer answers from memory. An id
	 * without history is not found and is not kept live.
	 * @return the state and revision
	 * @throws EntityNotFoundException when the entity has no history (it was never
	 * written)
	 * @throws EntityErasedException when the entity was erased (in
	 * {@link ErasureMode#REJECT})
	 * @throws CommandTimeoutException when no answer came within the ask timeout (a read
	 * writes nothing: retrying is safe)
	 * @throws EgoException when the entity could not be recovered, the store failed or
	 * the engine stopped
	 */
	EntityState<S> state();

	/**
	 * Reads the entity's current state and revision without blocking; see
	 * {@link #state()}.
	 * @return the state and revision, completed within the ask timeout; completed
	 * exceptionally with an {@link EntityNotFoundException} when the entity has no
	 * history, or with the {@link EgoException} {@link #state()} throws
	 */
	CompletableFuture<EntityState<S>> stateAsync();

	/**
	 * Asks an event-sourced entity to snapshot its state at its current head, through its
	 * own single writer: once no write of it is pending, it requests the snapshot of its
	 * durable state (with the command ids it remembers); the snapshot is written in the
	 * background like the periodic ones, so a snapshot it writes is never older than one
	 * it wrote before, and the type's retention runs after it. What a snapshot backfill
	 * uses (after snapshots are turned on, or a state's revision changed).
	 * @return the state and revision snapshotted, completed once that snapshot (or a
	 * later one of the entity) is written and retention ran after it (an entity without
	 * events has nothing to snapshot: revision 0, nothing written); exceptionally as
	 * {@link #stateAsync()} (its reply within the ask timeout), with a
	 * {@link io.ego.core.store.StoreException} when the snapshot was not written, an
	 * {@link UnsupportedOperationException} for a durable-state entity, an
	 * {@link EngineConfigurationException} without a snapshot store
	 * @since 0.2.0
	 */
	default CompletableFuture<EntityState<S>> snapshotAsync() {
		return CompletableFuture
			.failedFuture(new UnsupportedOperationException(getClass().getName() + " cannot snapshot an entity"));
	}

	/**
	 * @return the entity type name
	 */
	String entityType();

	/**
	 * @return the entity id
	 */
	String entityId();

}
