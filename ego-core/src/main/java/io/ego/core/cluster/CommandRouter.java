package io.ego.core.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides where an entity's commands run, and carries those of the entities owned
 * elsewhere to their owner. Registered with
 * {@link io.ego.core.EgoEngineBuilder#commandRouter(CommandRouter)}; without one every
 * entity is local.
 * <p>
 * The engine asks {@link #isLocal(String)} on every command and read: it must be cheap
 * (no I/O). A forwarded command must reach the owner's {@link LocalCommands#execute}, and
 * its reply come back; when the router cannot tell whether it arrived, it completes the
 * reply exceptionally and the caller is told the outcome is unknown. Commands without an
 * id are given one before they are forwarded, so that a router that delivers a command
 * twice (re-invocation after a membership change) has it handled once.
 *
 * @author eGo team
 * @since 0.3.0
 */
public interface CommandRouter {

	/**
	 * Called once when the engine starts, before any command is sent.
	 * @param local the engine's local side, which runs forwarded commands and passivates
	 * entities
	 */
	void start(LocalCommands local);

	/**
	 * Tells whether this engine owns an entity now.
	 * @param persistenceId the entity's persistence id ({@code type|id})
	 * @return whether its commands run here
	 */
	boolean isLocal(String persistenceId);

	/**
	 * Tells whether this engine owns an entity now, like {@link #isLocal(String)} for the
	 * persistence id {@code entityType + "|" + entityId}: what the engine asks on every
	 * command, so that a router can answer without building the persistence id. The
	 * default builds it.
	 * @param entityType the entity type's name
	 * @param entityId the entity id
	 * @return whether its commands run here
	 */
	default boolean isLocal(String entityType, String entityId) {
		return isLocal(entityType + "|" + entityId);
	}

	/**
	 * Forwards a command or read to the entity's owner.
	 * @param command what to run there
	 * @return its reply; completed exceptionally with
	 * {@link CommandNotForwardedException} when it was certainly not delivered, with
	 * anything else when it may have been
	 */
	CompletableFuture<ForwardedReply> forward(ForwardedCommand command);

	/**
	 * Forwards a command or read to the entity's owner and waits for its reply, at most
	 * the command's {@link ForwardedCommand#timeoutNanos() time left}: what a caller that
	 * blocks anyway uses, so that a router can hand the reply straight to the waiting
	 * thread. The default waits on {@link #forward}.
	 * @param command what to run there
	 * @return its reply
	 * @throws CommandNotForwardedException when it was certainly not delivered
	 * @throws TimeoutException when no reply came in time (it may have run)
	 * @throws ExecutionException when delivering failed otherwise (it may have run); its
	 * cause may be a {@link CommandNotForwardedException}
	 * @throws InterruptedException when the waiting thread was interrupted
	 */
	default ForwardedReply forwardAndWait(ForwardedCommand command)
			throws InterruptedException, TimeoutException, ExecutionException {
		return forward(command).get(command.timeoutNanos(), TimeUnit.NANOSECONDS);
	}

	/** Called when the engine stops, after it stopped taking commands. */
	default void stop() {
	}

}
