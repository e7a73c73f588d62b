package io.ego.core;

import java.util.concurrent.CompletableFuture;

import com.google.protobuf.Message;
import io.ego.core.internal.entity.EntityType;

/**
 * A typed handle on one entity, obtained from {@link EgoEngine#entity}. Cheap to create and to keep; it stays
 * valid across passivation (the entity is activated again on demand).
 *
 * @param <S> the entity's state type
 * @author eGo team
 * @since 0.1.0
 */
public final class EntityRef<S extends Message> {

	private final EntityType<S> type;

	private final String entityId;

	EntityRef(EntityType<S> type, String entityId) {
		this.type = type;
		this.entityId = entityId;
	}

	/**
	 * Sends a command without blocking; the entity runs on a virtual thread.
	 * @param command the command
	 * @return the reply, completed (never exceptionally) within the ask timeout
	 */
	public CompletableFuture<CommandReply<S>> ask(Message command) {
		return this.type.ask(this.entityId, requireCommand(command));
	}

	/**
	 * Sends a command and waits for its reply, at most the ask timeout, on every path. When every store is in memory
	 * ({@link io.ego.core.store.NonBlockingStore}) and the entity is idle, the command runs on the calling thread
	 * (no hand-off); otherwise on a virtual thread while the caller only waits, so that a slow or hung store cannot
	 * hold it past the deadline.
	 * @param command the command
	 * @return the reply
	 */
	public CommandReply<S> askAndWait(Message command) {
		return this.type.askAndWait(this.entityId, requireCommand(command));
	}

	private Message requireCommand(Message command) {
		if (command == null) {
			throw new IllegalArgumentException("command for '" + this.type.name() + "|" + this.entityId + "' is null");
		}
		return command;
	}

	/** @return the entity type name */
	public String entityType() {
		return this.type.name();
	}

	/** @return the entity id */
	public String entityId() {
		return this.entityId;
	}

	@Override
	public String toString() {
		return "EntityRef[" + this.type.name() + "|" + this.entityId + "]";
	}

}
