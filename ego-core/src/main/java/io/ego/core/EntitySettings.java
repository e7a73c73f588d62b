package io.ego.core;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Runtime settings of one entity type. Immutable; derive variants with the {@code with*}
 * methods.
 *
 * <h2>Batching</h2> Commands queued for one entity are handled one at a time against the
 * pending state; their events are written together and each caller is answered after its
 * own events are durable.
 * <ul>
 * <li>{@code batchThreshold > 0}: eGo's window batching — write when
 * {@code batchThreshold} events are pending or {@code batchFlushWindow} (default 5 ms)
 * has passed since the first of them.</li>
 * <li>{@code batchThreshold == 0} and {@code adaptiveBatching}: group commit without a
 * window — what queued while the previous write ran goes into the next write (up to
 * {@code maxBatchSize} commands). The default: with no load it is one command, one write,
 * no waiting.</li>
 * <li>{@code batchThreshold == 0} and not {@code adaptiveBatching}: one write per
 * command.</li>
 * </ul>
 *
 * @param passivateAfter idle time after which a live entity is passivated (positive)
 * @param askTimeout how long a caller waits for a reply before it gets a timeout failure
 * (positive)
 * @param snapshotInterval take a snapshot each time the sequence number crosses a
 * multiple of it; {@code 0} = off
 * @param retention what to delete after a snapshot
 * @param batchThreshold events that trigger a write in window batching; {@code 0} =
 * window batching off
 * @param batchFlushWindow the longest a partial batch waits in window batching, or
 * {@code null} for 5 ms
 * @param adaptiveBatching whether to group-commit queued commands when window batching is
 * off
 * @param maxBatchSize the most commands in one write (adaptive batching), positive
 * @param replayPageSize events read per page during recovery, positive
 * @param conflictRetries how often a command whose write conflicted with another writer
 * is decided again against the reloaded state before it fails ({@code 0} = fail at once);
 * a conflict proves that nothing was written
 * @param dedupe how many and how old command ids each entity remembers, to answer a
 * re-sent command with its original outcome
 * @param maxLive the most live entities of the type; the least recently used is
 * passivated when one more is activated
 * @param writers whether other engines may write the same entities (then reads and
 * decisions that write nothing check the store's head first)
 * @author eGo team
 * @since 0.1.0
 */
public record EntitySettings(Duration passivateAfter, Duration askTimeout, int snapshotInterval,
		RetentionPolicy retention, int batchThreshold, @Nullable Duration batchFlushWindow, boolean adaptiveBatching,
		int maxBatchSize, int replayPageSize, int conflictRetries, DedupePolicy dedupe, int maxLive, Writers writers) {

	/** Flush window used when a batch threshold is set without a window. */
	public static final Duration DEFAULT_FLUSH_WINDOW = Duration.ofMillis(5);

	private static final EntitySettings DEFAULTS = new EntitySettings(Duration.ofMinutes(10), Duration.ofSeconds(5), 0,
			RetentionPolicy.NONE, 0, null, true, 1000, 1000, 3, DedupePolicy.DEFAULT, 100_000, Writers.AUTO);

	public EntitySettings {
		Objects.requireNonNull(passivateAfter, "passivateAfter");
		Objects.requireNonNull(askTimeout, "askTimeout");
		Objects.requireNonNull(retention, "retention");
		Objects.requireNonNull(dedupe, "dedupe");
		Objects.requireNonNull(writers, "writers");
		if (maxLive <= 0) {
			throw new EngineConfigurationException("max-live must be positive but was " + maxLive);
		}
		requirePositive("passivate-after", passivateAfter);
		requirePositive("ask-timeout", askTimeout);
		if (batchFlushWindow != null) {
			requirePositive("batch-flush-window", batchFlushWindow);
		}
		if (snapshotInterval < 0) {
			throw new EngineConfigurationException(
					"snapshot-interval must be >= 0 (0 = off) but was " + snapshotInterval);
		}
		if (batchThreshold < 0) {
			throw new EngineConfigurationException("batch-threshold must be >= 0 (0 = off) but was " + batchThreshold);
		}
		if (maxBatchSize <= 0) {
			throw new EngineConfigurationException("max-batch-size must be positive but was " + maxBatchSize);
		}
		if (replayPageSize <= 0) {
			throw new EngineConfigurationException("replay-page-size must be positive but was " + replayPageSize);
		}
		if (conflictRetries < 0) {
			throw new EngineConfigurationException("conflict-retries must be >= 0 but was " + conflictRetries);
		}
		if (retention.isEnabled() && snapshotInterval == 0) {
			throw new EngineConfigurationException(
					"retention needs snapshots: set snapshot-interval > 0 or turn retention off");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new EngineConfigurationException(name + " must be positive but was " + value);
		}
	}

	/**
	 * @return the defaults: passivate after 10 min, 5 s ask timeout, no snapshots,
	 * adaptive batching, 3 conflict retries
	 */
	public static EntitySettings defaults() {
		return DEFAULTS;
	}

	/**
	 * @return the effective flush window of window batching
	 */
	public Duration effectiveFlushWindow() {
		return (this.batchFlushWindow != null) ? this.batchFlushWindow : DEFAULT_FLUSH_WINDOW;
	}

	/**
	 * @param value the idle time before passivation
	 * @return a copy with that setting
	 */
	public EntitySettings withPassivateAfter(Duration value) {
		return new EntitySettings(value, this.askTimeout, this.snapshotInterval, this.retention, this.batchThreshold,
				this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize, this.replayPageSize,
				this.conflictRetries, this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param value the ask timeout
	 * @return a copy with that setting
	 */
	public EntitySettings withAskTimeout(Duration value) {
		return new EntitySettings(this.passivateAfter, value, this.snapshotInterval, this.retention,
				this.batchThreshold, this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize,
				this.replayPageSize, this.conflictRetries, this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param value the snapshot interval, 0 = off
	 * @return a copy with that setting
	 */
	public EntitySettings withSnapshotInterval(int value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, value, this.retention, this.batchThreshold,
				this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize, this.replayPageSize,
				this.conflictRetries, this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param value the retention policy
	 * @return a copy with that setting
	 */
	public EntitySettings withRetention(RetentionPolicy value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, value,
				this.batchThreshold, this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize,
				this.replayPageSize, this.conflictRetries, this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param threshold events that trigger a write, 0 = window batching off
	 * @param window the longest wait, or {@code null} for 5 ms
	 * @return a copy with window batching configured
	 */
	public EntitySettings withBatching(int threshold, @Nullable Duration window) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, this.retention,
				threshold, window, this.adaptiveBatching, this.maxBatchSize, this.replayPageSize, this.conflictRetries,
				this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param value whether queued commands are group-committed
	 * @return a copy with that setting
	 */
	public EntitySettings withAdaptiveBatching(boolean value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, this.retention,
				this.batchThreshold, this.batchFlushWindow, value, this.maxBatchSize, this.replayPageSize,
				this.conflictRetries, this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param value the most commands per write
	 * @return a copy with that setting
	 */
	public EntitySettings withMaxBatchSize(int value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, this.retention,
				this.batchThreshold, this.batchFlushWindow, this.adaptiveBatching, value, this.replayPageSize,
				this.conflictRetries, this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param value how often a conflicting command is decided again, 0 = never
	 * @return a copy with that setting
	 */
	public EntitySettings withConflictRetries(int value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, this.retention,
				this.batchThreshold, this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize,
				this.replayPageSize, value, this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param value the events read per recovery page
	 * @return a copy with that setting
	 */
	public EntitySettings withReplayPageSize(int value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, this.retention,
				this.batchThreshold, this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize, value,
				this.conflictRetries, this.dedupe, this.maxLive, this.writers);
	}

	/**
	 * @param value the command-id window
	 * @return a copy with that setting
	 */
	public EntitySettings withDedupe(DedupePolicy value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, this.retention,
				this.batchThreshold, this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize,
				this.replayPageSize, this.conflictRetries, value, this.maxLive, this.writers);
	}

	/**
	 * @param value the most live entities of the type
	 * @return a copy with that setting
	 */
	public EntitySettings withMaxLive(int value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, this.retention,
				this.batchThreshold, this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize,
				this.replayPageSize, this.conflictRetries, this.dedupe, value, this.writers);
	}

	/**
	 * @param value whether other engines may write the same entities
	 * @return a copy with that setting
	 */
	public EntitySettings withWriters(Writers value) {
		return new EntitySettings(this.passivateAfter, this.askTimeout, this.snapshotInterval, this.retention,
				this.batchThreshold, this.batchFlushWindow, this.adaptiveBatching, this.maxBatchSize,
				this.replayPageSize, this.conflictRetries, this.dedupe, this.maxLive, value);
	}

	/**
	 * Whether other engines (application instances on the same stores) may write an
	 * entity type's entities.
	 */
	public enum Writers {

		/**
		 * Decided from the instances holding consumer leases in the offset store: shared
		 * while another instance is alive, single otherwise.
		 */
		AUTO,

		/** This engine is the only writer: a live entity's state is the store's. */
		SINGLE,

		/**
		 * Other engines may write: reads and decisions that write nothing (rejections,
		 * no-ops) check the store's head first (one indexed query) and catch up when they
		 * are behind.
		 */
		SHARED

	}

}
