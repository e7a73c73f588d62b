package io.ego.core.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the {@link EgoObservation#RECOVERY ego.recovery} observation. Recovering an
 * entity from its snapshot and events, or its durable state.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class RecoveryContext extends Observation.Context {

	private String entityType = "";

	private String persistenceId = "";

	private boolean fromSnapshot;

	private long eventsReplayed;

	private String outcome = "unknown";

	private String snapshotDiscarded = "";

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
	 * @return whether a snapshot was used
	 */
	public boolean isFromSnapshot() {
		return this.fromSnapshot;
	}

	/**
	 * @param fromSnapshot whether a snapshot was used
	 */
	public void setFromSnapshot(boolean fromSnapshot) {
		this.fromSnapshot = fromSnapshot;
	}

	/**
	 * @return events replayed
	 */
	public long getEventsReplayed() {
		return this.eventsReplayed;
	}

	/**
	 * @param eventsReplayed events replayed
	 */
	public void setEventsReplayed(long eventsReplayed) {
		this.eventsReplayed = eventsReplayed;
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

	/**
	 * Returns why recovery discarded the latest snapshot and replayed events instead.
	 * @return {@code state-type}, {@code state-revision} or {@code erased}; empty when no
	 * snapshot was discarded
	 */
	public String getSnapshotDiscarded() {
		return this.snapshotDiscarded;
	}

	/**
	 * @param reason why the latest snapshot was discarded
	 */
	public void setSnapshotDiscarded(String reason) {
		this.snapshotDiscarded = reason;
	}

}
