package io.ego.core.internal.entity;

import java.util.concurrent.CompletableFuture;

import com.google.protobuf.Message;
import io.ego.core.CommandOptions;
import io.ego.core.CommandReply;
import io.ego.core.EntityRef;
import io.ego.core.EntityState;

/**
 * A reference to an entity whose cell runs in this engine.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
public final class LocalEntityRef<S extends Message> implements EntityRef<S> {

	private final EntityType<S> type;

	private final String entityId;

	/**
	 * @param type the entity's type
	 * @param entityId the entity id
	 */
	public LocalEntityRef(EntityType<S> type, String entityId) {
		this.type = type;
		this.entityId = entityId;
	}

	@Override
	public CompletableFuture<CommandReply<S>> ask(Message command, CommandOptions options) {
		return this.type.ask(this.entityId, requireCommand(command), requireOptions(options).commandId());
	}

	@Override
	public CommandReply<S> askAndWait(Message command, CommandOptions options) {
		return this.type.askAndWait(this.entityId, requireCommand(command), requireOptions(options).commandId());
	}

	@Override
	public EntityState<S> state() {
		return this.type.state(this.entityId);
	}

	@Override
	public CompletableFuture<EntityState<S>> stateAsync() {
		return this.type.stateAsync(this.entityId);
	}

	@Override
	public CompletableFuture<EntityState<S>> snapshotAsync() {
		return this.type.snapshotAsync(this.entityId);
	}

	private CommandOptions requireOptions(CommandOptions options) {
		if (options == null) {
			throw new IllegalArgumentException(
					"command options for '" + this.type.name() + "|" + this.entityId + "' are null");
		}
		return options;
	}

	private Message requireCommand(Message command) {
		if (command == null) {
			throw new IllegalArgumentException("command for '" + this.type.name() + "|" + this.entityId + "' is null");
		}
		return command;
	}

	@Override
	public String entityType() {
		return this.type.name();
	}

	@Override
	public String entityId() {
		return this.entityId;
	}

	@Override
	public String toString() {
		return "EntityRef[" + this.type.name() + "|" + this.entityId + "]";
	}

}
