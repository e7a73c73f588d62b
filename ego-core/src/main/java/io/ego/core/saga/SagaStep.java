package io.ego.core.saga;

import java.util.Objects;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * A command a saga sends to an entity, and optionally the command that undoes it once it
 * completed. The engine sends it with a command id derived from the saga instance and the
 * step, so a re-send (a retry, a restart) is deduplicated by the target.
 *
 * @param name the step's name, given back in its {@link StepOutcome}
 * @param entityType the target's entity type
 * @param entityId the target's id
 * @param command the command
 * @param compensation the command sent to the same entity to undo the step when the saga
 * compensates, or {@code null} when the step needs no undoing
 * @author eGo team
 * @since 0.2.0
 */
public record SagaStep(String name, String entityType, String entityId, Message command,
		@Nullable Message compensation) {

	public SagaStep {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(entityType, "entityType");
		Objects.requireNonNull(entityId, "entityId");
		Objects.requireNonNull(command, "command");
		if (name.isBlank()) {
			throw new IllegalArgumentException("a saga step needs a name");
		}
	}

	/**
	 * A step without compensation.
	 * @param name the step's name
	 * @param entityType the target's entity type
	 * @param entityId the target's id
	 * @param command the command
	 * @return the step
	 */
	public static SagaStep of(String name, String entityType, String entityId, Message command) {
		return new SagaStep(name, entityType, entityId, command, null);
	}

	/**
	 * @param undo the command that undoes this step once it completed
	 * @return this step with a compensation
	 */
	public SagaStep compensateWith(Message undo) {
		return new SagaStep(this.name, this.entityType, this.entityId, this.command,
				Objects.requireNonNull(undo, "undo"));
	}

}
