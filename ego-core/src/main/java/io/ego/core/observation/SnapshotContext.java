package io.ego.core.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the {@link EgoObservation#SNAPSHOT ego.snapshot} observation. Writing a
 * snapshot, off the command path.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class SnapshotContext extends Observation.Context {

	private String entityType = "";

	private String persistenceId = "";

	private long sequenceNr;

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
	 * @return the sequence number the snapshot covers
	 */
	public long getSequenceNr() {
		return this.sequenceNr;
	}

	/**
	 * @param sequenceNr the sequence number the snapshot covers
	 */
	public void setSequenceNr(long sequenceNr) {
		this.sequenceNr = sequenceNr;
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
