package io.ego.core.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the {@link EgoObservation#PERSIST ego.persist} observation. One journal
 * write of an entity: the events of one or more commands.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class PersistContext extends Observation.Context {

	private String entityType = "";

	private String persistenceId = "";

	private int events;

	private int commands;

	private String outcome = "unknown";

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
	 * @return the entity
	 */
	public String getPersistenceId() {
		return this.persistenceId;
	}

	/**
	 * @param persistenceId the entity
	 */
	public void setPersistenceId(String persistenceId) {
		this.persistenceId = persistenceId;
	}

	/**
	 * @return events in the write
	 */
	public int getEvents() {
		return this.events;
	}

	/**
	 * @param events events in the write
	 */
	public void setEvents(int events) {
		this.events = events;
	}

	/**
	 * @return commands whose events are in the write
	 */
	public int getCommands() {
		return this.commands;
	}

	/**
	 * @param commands commands whose events are in the write
	 */
	public void setCommands(int commands) {
		this.commands = commands;
	}

	/**
	 * @return success or failure
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * @param outcome success or failure
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
