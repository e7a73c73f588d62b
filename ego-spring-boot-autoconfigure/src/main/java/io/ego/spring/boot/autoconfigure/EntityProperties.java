package io.ego.spring.boot.autoconfigure;

import java.time.Duration;

import io.ego.core.DedupePolicy;
import io.ego.core.EntitySettings;
import io.ego.core.RetentionPolicy;
import org.jspecify.annotations.Nullable;

import static java.util.Objects.requireNonNullElse;

/**
 * Settings of entity types, bound both to {@code ego.entity-defaults} and to each
 * {@code ego.entities.<type>}. A setting left unset ({@code null}) takes its value from
 * the defaults group, then from {@link EntitySettings#defaults()}: the engine's defaults
 * are the only defaults.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EntityProperties {

	/**
	 * Idle time after which a live entity is passivated (removed from memory until its
	 * next command).
	 */
	private @Nullable Duration passivateAfter;

	/**
	 * How long a caller waits for a command's reply before it gets a timeout failure.
	 */
	private @Nullable Duration askTimeout;

	/**
	 * Snapshot each time an entity's sequence number crosses a multiple of this interval;
	 * 0 turns snapshots off.
	 */
	private @Nullable Integer snapshotInterval;

	private final Retention retention = new Retention();

	/**
	 * Pending events that trigger a write in window batching; 0 turns window batching
	 * off.
	 */
	private @Nullable Integer batchThreshold;

	/**
	 * Longest time a partial batch waits in window batching; 5ms when not set.
	 */
	private @Nullable Duration batchFlushWindow;

	/**
	 * Whether commands queued while a write runs are written together in the next write
	 * when window batching is off.
	 */
	private @Nullable Boolean adaptiveBatching;

	/**
	 * Most commands written together in one adaptive batch.
	 */
	private @Nullable Integer maxBatchSize;

	/**
	 * Events read per page when an entity recovers from the journal.
	 */
	private @Nullable Integer replayPageSize;

	/**
	 * How often a command whose write conflicted with another writer (another instance)
	 * is decided again against the reloaded state before it fails; 0 fails it at once.
	 */
	private @Nullable Integer conflictRetries;

	private final Dedupe dedupe = new Dedupe();

	/**
	 * Most live entities of the type; the least recently used is passivated when one more
	 * is activated.
	 */
	private @Nullable Integer maxLive;

	/**
	 * Whether other application instances may write the same entities: auto (shared while
	 * another instance holds consumer leases), single or shared.
	 */
	private EntitySettings.@Nullable Writers writers;

	public @Nullable Duration getPassivateAfter() {
		return this.passivateAfter;
	}

	public void setPassivateAfter(@Nullable Duration passivateAfter) {
		this.passivateAfter = passivateAfter;
	}

	public @Nullable Duration getAskTimeout() {
		return this.askTimeout;
	}

	public void setAskTimeout(@Nullable Duration askTimeout) {
		this.askTimeout = askTimeout;
	}

	public @Nullable Integer getSnapshotInterval() {
		return this.snapshotInterval;
	}

	public void setSnapshotInterval(@Nullable Integer snapshotInterval) {
		this.snapshotInterval = snapshotInterval;
	}

	public Retention getRetention() {
		return this.retention;
	}

	public @Nullable Integer getBatchThreshold() {
		return this.batchThreshold;
	}

	public void setBatchThreshold(@Nullable Integer batchThreshold) {
		this.batchThreshold = batchThreshold;
	}

	public @Nullable Duration getBatchFlushWindow() {
		return this.batchFlushWindow;
	}

	public void setBatchFlushWindow(@Nullable Duration batchFlushWindow) {
		this.batchFlushWindow = batchFlushWindow;
	}

	public @Nullable Boolean getAdaptiveBatching() {
		return this.adaptiveBatching;
	}

	public void setAdaptiveBatching(@Nullable Boolean adaptiveBatching) {
		this.adaptiveBatching = adaptiveBatching;
	}

	public @Nullable Integer getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(@Nullable Integer maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public @Nullable Integer getReplayPageSize() {
		return this.replayPageSize;
	}

	public void setReplayPageSize(@Nullable Integer replayPageSize) {
		this.replayPageSize = replayPageSize;
	}

	public @Nullable Integer getConflictRetries() {
		return this.conflictRetries;
	}

	public void setConflictRetries(@Nullable Integer conflictRetries) {
		this.conflictRetries = conflictRetries;
	}

	public Dedupe getDedupe() {
		return this.dedupe;
	}

	public @Nullable Integer getMaxLive() {
		return this.maxLive;
	}

	public void setMaxLive(@Nullable Integer maxLive) {
		this.maxLive = maxLive;
	}

	public EntitySettings.@Nullable Writers getWriters() {
		return this.writers;
	}

	public void setWriters(EntitySettings.@Nullable Writers writers) {
		this.writers = writers;
	}

	/**
	 * Returns the settings with each setting given here replacing the one of
	 * {@code base}.
	 * @param base the settings of the unset properties
	 * @return the merged settings
	 * @throws io.ego.core.EngineConfigurationException when a value is out of range
	 */
	EntitySettings applyTo(EntitySettings base) {
		return new EntitySettings(requireNonNullElse(this.passivateAfter, base.passivateAfter()),
				requireNonNullElse(this.askTimeout, base.askTimeout()),
				requireNonNullElse(this.snapshotInterval, base.snapshotInterval()),
				this.retention.applyTo(base.retention()),
				requireNonNullElse(this.batchThreshold, base.batchThreshold()),
				(this.batchFlushWindow != null) ? this.batchFlushWindow : base.batchFlushWindow(),
				requireNonNullElse(this.adaptiveBatching, base.adaptiveBatching()),
				requireNonNullElse(this.maxBatchSize, base.maxBatchSize()),
				requireNonNullElse(this.replayPageSize, base.replayPageSize()),
				requireNonNullElse(this.conflictRetries, base.conflictRetries()), this.dedupe.applyTo(base.dedupe()),
				requireNonNullElse(this.maxLive, base.maxLive()), requireNonNullElse(this.writers, base.writers()));
	}

	/**
	 * The command ids each entity remembers, to answer a re-sent command with its
	 * original outcome.
	 */
	public static final class Dedupe {

		/**
		 * How many of its most recent command ids an entity remembers; 0 turns
		 * deduplication off.
		 */
		private @Nullable Integer window;

		/**
		 * How long a command id is remembered after its command was handled.
		 */
		private @Nullable Duration maxAge;

		public @Nullable Integer getWindow() {
			return this.window;
		}

		public void setWindow(@Nullable Integer window) {
			this.window = window;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

		DedupePolicy applyTo(DedupePolicy base) {
			return new DedupePolicy(requireNonNullElse(this.window, base.window()),
					requireNonNullElse(this.maxAge, base.maxAge()));
		}

	}

	/**
	 * What to delete after a snapshot was written; needs a snapshot interval.
	 */
	public static final class Retention {

		/**
		 * Whether to delete an entity's events up to its new snapshot (keeping
		 * events-retention-count before it, and never events a journal consumer has not
		 * read).
		 */
		private @Nullable Boolean deleteEventsOnSnapshot;

		/**
		 * Whether to delete an entity's older snapshots after a new one was written.
		 */
		private @Nullable Boolean deleteSnapshotsOnSnapshot;

		/**
		 * Events before the snapshot to keep when deleting events.
		 */
		private @Nullable Integer eventsRetentionCount;

		public @Nullable Boolean getDeleteEventsOnSnapshot() {
			return this.deleteEventsOnSnapshot;
		}

		public void setDeleteEventsOnSnapshot(@Nullable Boolean deleteEventsOnSnapshot) {
			this.deleteEventsOnSnapshot = deleteEventsOnSnapshot;
		}

		public @Nullable Boolean getDeleteSnapshotsOnSnapshot() {
			return this.deleteSnapshotsOnSnapshot;
		}

		public void setDeleteSnapshotsOnSnapshot(@Nullable Boolean deleteSnapshotsOnSnapshot) {
			this.deleteSnapshotsOnSnapshot = deleteSnapshotsOnSnapshot;
		}

		public @Nullable Integer getEventsRetentionCount() {
			return this.eventsRetentionCount;
		}

		public void setEventsRetentionCount(@Nullable Integer eventsRetentionCount) {
			this.eventsRetentionCount = eventsRetentionCount;
		}

		RetentionPolicy applyTo(RetentionPolicy base) {
			return new RetentionPolicy(requireNonNullElse(this.deleteEventsOnSnapshot, base.deleteEventsOnSnapshot()),
					requireNonNullElse(this.deleteSnapshotsOnSnapshot, base.deleteSnapshotsOnSnapshot()),
					requireNonNullElse(this.eventsRetentionCount, base.eventsRetentionCount()));
		}

	}

}
