package io.ego.core.observation;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * Context of the {@link EgoObservation#COMMAND ego.command} observation. Handling one
 * command, from the ask to the reply; an event marks when the entity took it from its
 * mailbox. Its trace context travels in the metadata of the events the command persists.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class CommandContext extends SenderContext<Map<String, String>> {

	private String entityType = "";

	private String entityId = "";

	private String commandType = "";

	private String outcome = "unknown";

	private long revision;

	/**
	 * @return the entity type name
	 */
	public String getEntityType() {
		return this.entityType;
	}

	/**
	 * @param entityType the entity type name
	 */
	public void setEntityType(String entityType) {
		this.entityType = entityType;
	}

	/**
	 * @return the entity id
	 */
	public String getEntityId() {
		return this.entityId;
	}

	/**
	 * @param entityId the entity id
	 */
	public void setEntityId(String entityId) {
		this.entityId = entityId;
	}

	/**
	 * @return the protobuf full name of the command
	 */
	public String getCommandType() {
		return this.commandType;
	}

	/**
	 * @param commandType the protobuf full name of the command
	 */
	public void setCommandType(String commandType) {
		this.commandType = commandType;
	}

	/**
	 * @return accepted, rejected or failed; {@code unknown} until answered
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * @param outcome accepted, rejected or failed; {@code unknown} until answered
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/**
	 * @return the revision after an accepted command
	 */
	public long getRevision() {
		return this.revision;
	}

	/**
	 * @param revision the revision after an accepted command
	 */
	public void setRevision(long revision) {
		this.revision = revision;
	}

	/**
	 * Creates a context whose carrier receives the trace context (stored in the events'
	 * metadata).
	 */
	public CommandContext() {
		super((carrier, key, value) -> {
			// Micrometer's setter may be handed no carrier: there is nothing to write to
			if (carrier != null) {
				carrier.put(key, value);
			}
		}, Kind.PRODUCER);
		setCarrier(new HashMap<>());
	}

}
