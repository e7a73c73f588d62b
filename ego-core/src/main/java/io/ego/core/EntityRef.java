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
	 * @return the entity type name
	 */
	String entityType();

	/**
	 * @return the entity id
	 */
	String entityId();

}
