package io.ego.core.internal.entity;

import java.util.Map;

import io.ego.core.CommandContext;
import io.ego.core.internal.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CommandContext} a cell hands its behaviour: one per cell, pointed at the
 * command being decided, so that deciding a command allocates no context. Owner only;
 * valid during the behaviour's call.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class CellContext implements CommandContext {

	private final String entityId;

	private final String persistenceId;

	private long sequenceNr;

	private @Nullable Pending<?> pending;

	CellContext(String entityId, String persistenceId) {
		this.entityId = entityId;
		this.persistenceId = persistenceId;
	}

	/**
	 * Points the context at a command.
	 * @param pending the command
	 * @param sequenceNr the entity's (pending) sequence number or revision before it
	 * @return this context
	 */
	CellContext of(Pending<?> pending, long sequenceNr) {
		this.pending = pending;
		this.sequenceNr = sequenceNr;
		return this;
	}

	@Override
	public String entityId() {
		return this.entityId;
	}

	@Override
	public String persistenceId() {
		return this.persistenceId;
	}

	@Override
	public long sequenceNr() {
		return this.sequenceNr;
	}

	@Override
	public @Nullable String commandId() {
		Pending<?> pending = this.pending;
		return (pending != null) ? pending.commandId : null;
	}

	@Override
	public Map<String, String> metadata() {
		Pending<?> pending = this.pending;
		return (pending != null) ? Telemetry.metadataOf(pending.observation) : Map.of();
	}

	@Override
	public String toString() {
		return "CommandContext[" + this.persistenceId + " at " + this.sequenceNr + ", command id " + commandId() + "]";
	}

}
