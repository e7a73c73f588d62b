package io.ego.core;

/**
 * What to delete after a snapshot was written successfully. Events are never deleted
 * beyond the lowest position the journal's registered consumers have handled, and the
 * event at the snapshot's own sequence number is kept (so the store keeps knowing the
 * entity's highest sequence number).
 *
 * @param deleteEventsOnSnapshot whether to delete events up to the snapshot, keeping
 * {@code eventsRetentionCount} before it
 * @param deleteSnapshotsOnSnapshot whether to delete older snapshots
 * @param eventsRetentionCount how many events before the snapshot to keep, {@code >= 0}
 * @author eGo team
 * @since 0.1.0
 */
public record RetentionPolicy(boolean deleteEventsOnSnapshot, boolean deleteSnapshotsOnSnapshot,
		int eventsRetentionCount) {

	/** Keep everything. */
	public static final RetentionPolicy NONE = new RetentionPolicy(false, false, 0);

	public RetentionPolicy {
		if (eventsRetentionCount < 0) {
			throw new EngineConfigurationException(
					"retention.events-retention-count must be >= 0 but was " + eventsRetentionCount);
		}
	}

	/**
	 * @return whether this policy deletes anything
	 */
	public boolean isEnabled() {
		return this.deleteEventsOnSnapshot || this.deleteSnapshotsOnSnapshot;
	}

}
