package io.ego.testkit;

import java.util.Map;
import java.util.Objects;

import io.ego.core.CommandContext;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CommandContext} a scenario hands its behaviour: the entity it plays, where
 * its history stands, and the command's id and metadata.
 *
 * @param entityType the entity type name
 * @param entityId the entity id
 * @param sequenceNr the sequence number (event-sourced: the number of given events) or
 * revision before the command
 * @param commandId the command's id, or {@code null}
 * @param metadata the command's metadata
 * @author eGo team
 * @since 0.2.0
 */
record ScenarioContext(String entityType, String entityId, long sequenceNr, @Nullable String commandId,
		Map<String, String> metadata) implements CommandContext {

	static final String DEFAULT_ENTITY_ID = "scenario";

	ScenarioContext {
		Objects.requireNonNull(entityType, "entityType");
		Objects.requireNonNull(entityId, "entityId");
		metadata = Map.copyOf(metadata);
	}

	static ScenarioContext of(Object behavior) {
		String name = behavior.getClass().getSimpleName();
		return new ScenarioContext(name.isEmpty() ? "scenario" : name, DEFAULT_ENTITY_ID, 0, null, Map.of());
	}

	@Override
	public String persistenceId() {
		return this.entityType + "|" + this.entityId;
	}

	ScenarioContext withEntityId(String entityId) {
		return new ScenarioContext(this.entityType, entityId, this.sequenceNr, this.commandId, this.metadata);
	}

	ScenarioContext withCommand(@Nullable String commandId, Map<String, String> metadata) {
		return new ScenarioContext(this.entityType, this.entityId, this.sequenceNr, commandId, metadata);
	}

	ScenarioContext at(long sequenceNr) {
		return new ScenarioContext(this.entityType, this.entityId, sequenceNr, this.commandId, this.metadata);
	}

}
