package io.ego.core.internal.entity;

import io.ego.core.RetentionPolicy;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.store.EventStore;
import io.ego.core.store.SnapshotStore;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an entity type's retention policy after a snapshot: deletes the events it
 * covers (never past what every journal consumer has handled) and the older snapshots. A
 * failure is logged and retried after the next snapshot.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class RetentionRunner {

	private static final Logger logger = LoggerFactory.getLogger(RetentionRunner.class);

	private final String typeName;

	private final String persistenceId;

	private final int slice;

	private final RetentionPolicy retention;

	private final EventStore eventStore;

	private final @Nullable SnapshotStore snapshotStore;

	private final EngineRuntime engine;

	RetentionRunner(String typeName, String persistenceId, int slice, RetentionPolicy retention, EventStore eventStore,
			@Nullable SnapshotStore snapshotStore, EngineRuntime engine) {
		this.typeName = typeName;
		this.persistenceId = persistenceId;
		this.slice = slice;
		this.retention = retention;
		this.eventStore = eventStore;
		this.snapshotStore = snapshotStore;
		this.engine = engine;
	}

	/**
	 * @param snapshotSeq the sequence number of the snapshot just written
	 */
	void afterSnapshot(long snapshotSeq) {
		Observation observation = this.engine.telemetry().retention(this.typeName, this.persistenceId, snapshotSeq);
		try {
			if (this.retention.deleteEventsOnSnapshot()) {
				long toSeq = Math.min(snapshotSeq - this.retention.eventsRetentionCount(), snapshotSeq - 1);
				if (toSeq >= 1) {
					this.eventStore.deleteEvents(this.persistenceId, toSeq,
							this.engine.consumerProgress().lowestHandledPosition(this.slice));
				}
			}
			if (this.retention.deleteSnapshotsOnSnapshot() && this.snapshotStore != null && snapshotSeq > 1) {
				this.snapshotStore.deleteUpTo(this.persistenceId, snapshotSeq - 1);
			}
			Telemetry.stop(observation, "success", null);
		}
		catch (Throwable ex) {
			Telemetry.stop(observation, "failure", ex);
			logger.warn("Retention after snapshot {} of '{}' failed (retried after the next snapshot): {}", snapshotSeq,
					this.persistenceId, ex.getMessage());
		}
	}

}
