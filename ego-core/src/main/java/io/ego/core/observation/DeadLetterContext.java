package io.ego.core.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the {@link EgoObservation#DEAD_LETTER ego.dead.letter} observation. An event
 * a projection or publisher gave up on and put in the dead-letter store.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class DeadLetterContext extends Observation.Context {

	private String consumer = "";

	private String entityType = "";

	private String persistenceId = "";

	private long sequenceNr;

	private String cause = "";

	/**
	 * @return the projection or publisher that gave up
	 */
	public String getConsumer() {
		return this.consumer;
	}

	/**
	 * @param consumer the projection or publisher that gave up
	 */
	public void setConsumer(String consumer) {
		this.consumer = consumer;
	}

	/**
	 * @return the event's entity type
	 */
	public String getEntityType() {
		return this.entityType;
	}

	/**
	 * @param entityType the event's entity type
	 */
	public void setEntityType(String entityType) {
		this.entityType = entityType;
	}

	/**
	 * @return the event's entity
	 */
	public String getPersistenceId() {
		return this.persistenceId;
	}

	/**
	 * @param persistenceId the event's entity
	 */
	public void setPersistenceId(String persistenceId) {
		this.persistenceId = persistenceId;
	}

	/**
	 * @return the event's sequence number
	 */
	public long getSequenceNr() {
		return this.sequenceNr;
	}

	/**
	 * @param sequenceNr the event's sequence number
	 */
	public void setSequenceNr(long sequenceNr) {
		this.sequenceNr = sequenceNr;
	}

	/**
	 * @return why it gave up
	 */
	public String getCause() {
		return this.cause;
	}

	/**
	 * @param cause why it gave up
	 */
	public void setCause(String cause) {
		this.cause = cause;
	}

}
