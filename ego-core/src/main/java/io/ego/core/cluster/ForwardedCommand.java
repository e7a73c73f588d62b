package io.ego.core.cluster;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A command (or a read) on its way to the entity's owner: protobuf bytes with their type,
 * the command id and the time left until the caller's deadline.
 *
 * @param kind a command or a read of the state
 * @param entityType the entity type's name
 * @param entityId the entity id
 * @param commandType the command's protobuf full name (empty for a read)
 * @param commandClass the command's generated Java class, which the owner parses it with
 * (empty for a read)
 * @param command the command's protobuf bytes (empty for a read)
 * @param commandId the command id, or {@code null} for a read
 * @param timeoutNanos the time left until the caller's deadline, when it was sent
 * @author eGo team
 * @since 0.3.0
 */
public record ForwardedCommand(Kind kind, String entityType, String entityId, String commandType, String commandClass,
		byte[] command, @Nullable String commandId, long timeoutNanos) {

	/** Checks the fields. */
	public ForwardedCommand {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(entityType, "entityType");
		Objects.requireNonNull(entityId, "entityId");
		Objects.requireNonNull(commandType, "commandType");
		Objects.requireNonNull(commandClass, "commandClass");
		Objects.requireNonNull(command, "command");
	}

	/**
	 * @return the entity's persistence id ({@code type|id})
	 */
	public String persistenceId() {
		return this.entityType + "|" + this.entityId;
	}

	/** What is forwarded. */
	public enum Kind {

		/** A command, answered with a {@link io.ego.core.CommandReply}. */
		COMMAND,

		/** A read of the state, answered like {@link io.ego.core.EntityRef#state()}. */
		STATE,

		/**
		 * An erasure ({@link io.ego.core.EgoEngine#eraseEntity}), run by the owner under
		 * its cell so that no command runs meanwhile; {@code commandType} is
		 * {@code force} to erase an id without history. Answered {@code ACCEPTED} with
		 * the marker's sequence number as the revision and its time (ISO-8601) as the
		 * message.
		 */
		ERASE

	}

}
