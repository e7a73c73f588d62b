package io.ego.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of eGo, bound to the {@code ego} prefix: entity settings (defaults and per-type
 * overrides), shutdown, and the choice of stores.
 *
 * @author eGo team
 * @since 0.1.0
 */
@ConfigurationProperties("ego")
public class EgoProperties {

	/**
	 * Longest time the engine waits on shutdown for in-flight commands and writes before it stops anyway.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	/**
	 * Id of this application instance, unique among the instances sharing the offset store: the owner of the leases
	 * it holds on projection and publisher workers (each worker runs on the instance holding its lease). Generated
	 * from the host name, the process id and a random part when not set.
	 */
	private @Nullable String instanceId;

	private final EntityDefaults entityDefaults = new EntityDefaults();

	/**
	 * Settings per entity type, keyed by type name; each setting given here replaces the entity default.
	 */
	private final Map<String, EntityOverrides> entities = new LinkedHashMap<>();

	private final Store store = new Store();

	private final ProjectionDefaults projectionDefaults = new ProjectionDefaults();

	private final Encryption encryption = new Encryption();

	private final Erasure erasure = new Erasure();

	private final Schema schema = new Schema();

	/**
	 * Settings per projection, keyed by projection name; each setting given here replaces the projection default.
	 */
	private final Map<String, ProjectionOverrides> projections = new LinkedHashMap<>();

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public EntityDefaults getEntityDefaults() {
		return this.entityDefaults;
	}

	public Map<String, EntityOverrides> getEntities() {
		return this.entities;
	}

	public Store getStore() {
		return this.store;
	}

	public ProjectionDefaults getProjectionDefaults() {
		return this.projectionDefaults;
	}

	public Encryption getEncryption() {
		return this.encryption;
	}

	public Erasure getErasure() {
		return this.erasure;
	}

	public Schema getSchema() {
		return this.schema;
	}

	public Map<String, ProjectionOverrides> getProjections() {
		return this.projections;
	}

	/**
	 * Settings of every entity type that does not override them under {@code ego.entities.<type>}.
	 */
	public static class EntityDefaults {

		/**
		 * Idle time after which a live entity is passivated (removed from memory until its next command).
		 */
		private Duration passivateAfter = Duration.ofMinutes(10);

		/**
		 * How long a caller waits for a command's reply before it gets a timeout failure.
		 */
		private Duration askTimeout = Duration.ofSeconds(5);

		/**
		 * Snapshot each time an entity's sequence number crosses a multiple of this interval; 0 turns snapshots
		 * off.
		 */
		private int snapshotInterval;

		private final Retention retention = new Retention();

		/**
		 * Pending events that trigger a write in window batching; 0 turns window batching off.
		 */
		private int batchThreshold;

		/**
		 * Longest time a partial batch waits in window batching; 5ms when not set.
		 */
		private @Nullable Duration batchFlushWindow;

		/**
		 * Whether commands queued while a write runs are written together in the next write when window
		 * batching is off.
		 */
		private boolean adaptiveBatching = true;

		/**
		 * Most commands written together in one adaptive batch.
		 */
		private int maxBatchSize = 1000;

		/**
		 * Events read per page when an entity recovers from the journal.
		 */
		private int replayPageSize = 1000;

		/**
		 * How often a command whose write conflicted with another writer (another instance) is decided again
		 * against the reloaded state before it fails; 0 fails it at once.
		 */
		private int conflictRetries = 3;

		public Duration getPassivateAfter() {
			return this.passivateAfter;
		}

		public void setPassivateAfter(Duration passivateAfter) {
			this.passivateAfter = passivateAfter;
		}

		public Duration getAskTimeout() {
			return this.askTimeout;
		}

		public void setAskTimeout(Duration askTimeout) {
			this.askTimeout = askTimeout;
		}

		public int getSnapshotInterval() {
			return this.snapshotInterval;
		}

		public void setSnapshotInterval(int snapshotInterval) {
			this.snapshotInterval = snapshotInterval;
		}

		public Retention getRetention() {
			return this.retention;
		}

		public int getBatchThreshold() {
			return this.batchThreshold;
		}

		public void setBatchThreshold(int batchThreshold) {
			this.batchThreshold = batchThreshold;
		}

		public @Nullable Duration getBatchFlushWindow() {
			return this.batchFlushWindow;
		}

		public void setBatchFlushWindow(@Nullable Duration batchFlushWindow) {
			this.batchFlushWindow = batchFlushWindow;
		}

		public boolean isAdaptiveBatching() {
			return this.adaptiveBatching;
		}

		public void setAdaptiveBatching(boolean adaptiveBatching) {
			this.adaptiveBatching = adaptiveBatching;
		}

		public int getMaxBatchSize() {
			return this.maxBatchSize;
		}

		public void setMaxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
		}

		public int getReplayPageSize() {
			return this.replayPageSize;
		}

		public void setReplayPageSize(int replayPageSize) {
			this.replayPageSize = replayPageSize;
		}

		public int getConflictRetries() {
			return this.conflictRetries;
		}

		public void setConflictRetries(int conflictRetries) {
			this.conflictRetries = conflictRetries;
		}

	}

	/**
	 * What to delete after a snapshot was written; needs a snapshot interval.
	 */
	public static class Retention {

		/**
		 * Whether to delete an entity's events up to its new snapshot (keeping events-retention-count before
		 * it, and never events a journal consumer has not read).
		 */
		private boolean deleteEventsOnSnapshot;

		/**
		 * Whether to delete an entity's older snapshots after a new one was written.
		 */
		private boolean deleteSnapshotsOnSnapshot;

		/**
		 * Events before the snapshot to keep when deleting events.
		 */
		private int eventsRetentionCount;

		public boolean isDeleteEventsOnSnapshot() {
			return this.deleteEventsOnSnapshot;
		}

		public void setDeleteEventsOnSnapshot(boolean deleteEventsOnSnapshot) {
			this.deleteEventsOnSnapshot = deleteEventsOnSnapshot;
		}

		public boolean isDeleteSnapshotsOnSnapshot() {
			return this.deleteSnapshotsOnSnapshot;
		}

		public void setDeleteSnapshotsOnSnapshot(boolean deleteSnapshotsOnSnapshot) {
			this.deleteSnapshotsOnSnapshot = deleteSnapshotsOnSnapshot;
		}

		public int getEventsRetentionCount() {
			return this.eventsRetentionCount;
		}

		public void setEventsRetentionCount(int eventsRetentionCount) {
			this.eventsRetentionCount = eventsRetentionCount;
		}

	}

	/**
	 * Settings of one entity type; a setting left out takes its value from {@code ego.entity-defaults}.
	 */
	public static class EntityOverrides {

		/**
		 * Idle time after which a live entity of this type is passivated.
		 */
		private @Nullable Duration passivateAfter;

		/**
		 * How long a caller waits for a reply from an entity of this type.
		 */
		private @Nullable Duration askTimeout;

		/**
		 * Snapshot interval of this type; 0 turns snapshots off.
		 */
		private @Nullable Integer snapshotInterval;

		private final RetentionOverrides retention = new RetentionOverrides();

		/**
		 * Pending events that trigger a write in window batching; 0 turns window batching off.
		 */
		private @Nullable Integer batchThreshold;

		/**
		 * Longest time a partial batch waits in window batching.
		 */
		private @Nullable Duration batchFlushWindow;

		/**
		 * Whether queued commands of this type are written together when window batching is off.
		 */
		private @Nullable Boolean adaptiveBatching;

		/**
		 * Most commands written together in one adaptive batch.
		 */
		private @Nullable Integer maxBatchSize;

		/**
		 * Events read per page when an entity of this type recovers.
		 */
		private @Nullable Integer replayPageSize;

		/**
		 * How often a conflicting command of this type is decided again before it fails.
		 */
		private @Nullable Integer conflictRetries;

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

		public RetentionOverrides getRetention() {
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

	}

	/**
	 * Retention of one entity type; a setting left out takes its value from {@code ego.entity-defaults.retention}.
	 */
	public static class RetentionOverrides {

		/**
		 * Whether to delete events of this type up to each new snapshot.
		 */
		private @Nullable Boolean deleteEventsOnSnapshot;

		/**
		 * Whether to delete older snapshots of this type after a new one was written.
		 */
		private @Nullable Boolean deleteSnapshotsOnSnapshot;

		/**
		 * Events before the snapshot to keep when deleting events of this type.
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

	}

	/**
	 * Where entities are stored.
	 */
	public static class Store {

		/**
		 * Which stores to use: auto picks JDBC when ego-stores-jdbc and a single DataSource are present, else
		 * in-memory.
		 */
		private StoreType type = StoreType.AUTO;

		private final Jdbc jdbc = new Jdbc();

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

	}

	/**
	 * Options of the JDBC stores (ego-stores-jdbc) on the application's DataSource.
	 */
	public static class Jdbc {

		/**
		 * When the stores create or upgrade their tables on start-up.
		 */
		private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

		/**
		 * Prefix of every eGo table, index and sequence name: lower-case letters, digits and underscores, starting
		 * with a letter, at most 32 characters.
		 */
		private String tablePrefix = "ego_";

		/**
		 * Largest payload (event, snapshot or state) and encoded event metadata a store accepts.
		 */
		private DataSize maxPayloadSize = DataSize.ofMegabytes(4);

		private final GroupCommit groupCommit = new GroupCommit();

		public InitializeSchema getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(InitializeSchema initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

		public DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public void setMaxPayloadSize(DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

		public GroupCommit getGroupCommit() {
			return this.groupCommit;
		}

	}

	/**
	 * How the JDBC journal writer puts the appends of many entities into one transaction.
	 */
	public static class GroupCommit {

		/**
		 * Most events written in one journal transaction; a bigger append is written alone.
		 */
		private int maxBatchSize = 1000;

		/**
		 * How long the journal writer waits for more appends after the first of a transaction; 0 writes what
		 * queued while the previous transaction ran, without waiting.
		 */
		private Duration linger = Duration.ZERO;

		/**
		 * Most appends waiting for the journal writer; callers block while it is full.
		 */
		private int queueCapacity = 10_000;

		public int getMaxBatchSize() {
			return this.maxBatchSize;
		}

		public void setMaxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
		}

		public Duration getLinger() {
			return this.linger;
		}

		public void setLinger(Duration linger) {
			this.linger = linger;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * When the JDBC stores create or upgrade their schema.
	 */
	public enum InitializeSchema {

		/**
		 * Always create missing tables and apply pending schema versions.
		 */
		ALWAYS,

		/**
		 * Never touch the schema; start-up fails naming the first missing table.
		 */
		NEVER,

		/**
		 * Only on an embedded database (H2 in memory or in a file).
		 */
		EMBEDDED

	}

	/**
	 * Kinds of store.
	 */
	public enum StoreType {

		/**
		 * JDBC when ego-stores-jdbc and a single DataSource are present, else in-memory.
		 */
		AUTO,

		/**
		 * JDBC stores on the application's DataSource; start-up fails when they cannot be created.
		 */
		JDBC,

		/**
		 * In-memory stores: nothing survives a restart.
		 */
		IN_MEMORY

	}

	/**
	 * Settings of every projection that does not override them under {@code ego.projections.<name>}.
	 */
	public static class ProjectionDefaults {

		/**
		 * Workers per projection, each reading its own range of the 1024 slices (1 to 1024).
		 */
		private int parallelism = 1;

		/**
		 * Events a worker reads from the journal per query.
		 */
		private int bufferSize = 500;

		/**
		 * How long an idle worker waits before reading the journal again; events written on this node wake it at
		 * once.
		 */
		private Duration pullInterval = Duration.ofSeconds(1);

		private final ProjectionRecovery recovery = new ProjectionRecovery();

		/**
		 * Whether the handler's writes and the offset commit run in one transaction of the application's
		 * transaction manager (exactly-once for read models in the same database).
		 */
		private boolean transactional;

		/**
		 * Whether projections start with the application (a paused projection stays paused).
		 */
		private boolean autoStart = true;

		/**
		 * Where a projection without any offset starts reading: the journal's beginning, or its end at the
		 * projection's first start.
		 */
		private io.ego.core.projection.ProjectionSettings.StartFrom startFrom = io.ego.core.projection.ProjectionSettings.StartFrom.BEGINNING;

		private final ProjectionLease lease = new ProjectionLease();

		public int getParallelism() {
			return this.parallelism;
		}

		public void setParallelism(int parallelism) {
			this.parallelism = parallelism;
		}

		public int getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
		}

		public Duration getPullInterval() {
			return this.pullInterval;
		}

		public void setPullInterval(Duration pullInterval) {
			this.pullInterval = pullInterval;
		}

		public ProjectionRecovery getRecovery() {
			return this.recovery;
		}

		public boolean isTransactional() {
			return this.transactional;
		}

		public void setTransactional(boolean transactional) {
			this.transactional = transactional;
		}

		public boolean isAutoStart() {
			return this.autoStart;
		}

		public void setAutoStart(boolean autoStart) {
			this.autoStart = autoStart;
		}

		public io.ego.core.projection.ProjectionSettings.StartFrom getStartFrom() {
			return this.startFrom;
		}

		public void setStartFrom(io.ego.core.projection.ProjectionSettings.StartFrom startFrom) {
			this.startFrom = startFrom;
		}

		public ProjectionLease getLease() {
			return this.lease;
		}

	}

	/**
	 * Leases of projection workers, which make each worker run on one application instance among those sharing the
	 * offset store.
	 */
	public static class ProjectionLease {

		/**
		 * How long an instance holds a worker's lease without renewing it; after a crash, another instance takes the
		 * worker over within this time plus a renewal interval.
		 */
		private Duration duration = io.ego.core.projection.ProjectionSettings.DEFAULT_LEASE_DURATION;

		/**
		 * How often an instance renews its leases, takes over expired ones and balances workers with the other
		 * instances; at most half the lease duration.
		 */
		private Duration renewInterval = io.ego.core.projection.ProjectionSettings.DEFAULT_LEASE_RENEW_INTERVAL;

		public Duration getDuration() {
			return this.duration;
		}

		public void setDuration(Duration duration) {
			this.duration = duration;
		}

		public Duration getRenewInterval() {
			return this.renewInterval;
		}

		public void setRenewInterval(Duration renewInterval) {
			this.renewInterval = renewInterval;
		}

	}

	/**
	 * Leases of one projection's workers; each setting left unset takes the projection default.
	 */
	public static class ProjectionLeaseOverrides {

		/**
		 * How long an instance holds one of this projection's worker leases without renewing it.
		 */
		private @Nullable Duration duration;

		/**
		 * How often an instance renews this projection's leases and balances its workers.
		 */
		private @Nullable Duration renewInterval;

		public @Nullable Duration getDuration() {
			return this.duration;
		}

		public void setDuration(@Nullable Duration duration) {
			this.duration = duration;
		}

		public @Nullable Duration getRenewInterval() {
			return this.renewInterval;
		}

		public void setRenewInterval(@Nullable Duration renewInterval) {
			this.renewInterval = renewInterval;
		}

	}

	/**
	 * What a projection does when its handler fails on an event.
	 */
	public static class ProjectionRecovery {

		/**
		 * Policy on a handler failure: fail (stop the projection), skip (dead-letter the event), retry-and-fail or
		 * retry-and-skip.
		 */
		private io.ego.core.projection.RecoveryPolicy policy = io.ego.core.projection.RecoveryPolicy.FAIL;

		/**
		 * Attempts after the first one, for the retry policies.
		 */
		private int retries = 3;

		/**
		 * Delay before the first retry, doubled for each further retry up to 30 seconds.
		 */
		private Duration retryDelay = Duration.ofSeconds(1);

		public io.ego.core.projection.RecoveryPolicy getPolicy() {
			return this.policy;
		}

		public void setPolicy(io.ego.core.projection.RecoveryPolicy policy) {
			this.policy = policy;
		}

		public int getRetries() {
			return this.retries;
		}

		public void setRetries(int retries) {
			this.retries = retries;
		}

		public Duration getRetryDelay() {
			return this.retryDelay;
		}

		public void setRetryDelay(Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

	}

	/**
	 * Settings of one projection; each one left unset takes the value of {@code ego.projection-defaults}.
	 */
	public static class ProjectionOverrides {

		/**
		 * Whether this projection is registered at all; a disabled projection never runs and does not hold back
		 * retention.
		 */
		private boolean enabled = true;

		/**
		 * Workers of this projection, each reading its own range of slices.
		 */
		private @Nullable Integer parallelism;

		/**
		 * Events a worker reads per query.
		 */
		private @Nullable Integer bufferSize;

		/**
		 * How long an idle worker waits before reading again.
		 */
		private @Nullable Duration pullInterval;

		private final ProjectionRecoveryOverrides recovery = new ProjectionRecoveryOverrides();

		/**
		 * Whether the handler's writes and the offset commit share a transaction.
		 */
		private @Nullable Boolean transactional;

		/**
		 * Whether this projection starts with the application.
		 */
		private @Nullable Boolean autoStart;

		/**
		 * Where this projection starts reading when it has no offset yet: beginning or end.
		 */
		private io.ego.core.projection.ProjectionSettings.@Nullable StartFrom startFrom;

		private final ProjectionLeaseOverrides lease = new ProjectionLeaseOverrides();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getParallelism() {
			return this.parallelism;
		}

		public void setParallelism(@Nullable Integer parallelism) {
			this.parallelism = parallelism;
		}

		public @Nullable Integer getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(@Nullable Integer bufferSize) {
			this.bufferSize = bufferSize;
		}

		public @Nullable Duration getPullInterval() {
			return this.pullInterval;
		}

		public void setPullInterval(@Nullable Duration pullInterval) {
			this.pullInterval = pullInterval;
		}

		public ProjectionRecoveryOverrides getRecovery() {
			return this.recovery;
		}

		public @Nullable Boolean getTransactional() {
			return this.transactional;
		}

		public void setTransactional(@Nullable Boolean transactional) {
			this.transactional = transactional;
		}

		public @Nullable Boolean getAutoStart() {
			return this.autoStart;
		}

		public void setAutoStart(@Nullable Boolean autoStart) {
			this.autoStart = autoStart;
		}

		public io.ego.core.projection.ProjectionSettings.@Nullable StartFrom getStartFrom() {
			return this.startFrom;
		}

		public void setStartFrom(io.ego.core.projection.ProjectionSettings.@Nullable StartFrom startFrom) {
			this.startFrom = startFrom;
		}

		public ProjectionLeaseOverrides getLease() {
			return this.lease;
		}

	}

	/**
	 * Recovery of one projection; each setting left unset takes the projection default.
	 */
	public static class ProjectionRecoveryOverrides {

		/**
		 * Policy on a handler failure: fail, skip, retry-and-fail or retry-and-skip.
		 */
		private io.ego.core.projection.@Nullable RecoveryPolicy policy;

		/**
		 * Attempts after the first one, for the retry policies.
		 */
		private @Nullable Integer retries;

		/**
		 * Delay before the first retry, doubled for each further retry.
		 */
		private @Nullable Duration retryDelay;

		public io.ego.core.projection.@Nullable RecoveryPolicy getPolicy() {
			return this.policy;
		}

		public void setPolicy(io.ego.core.projection.@Nullable RecoveryPolicy policy) {
			this.policy = policy;
		}

		public @Nullable Integer getRetries() {
			return this.retries;
		}

		public void setRetries(@Nullable Integer retries) {
			this.retries = retries;
		}

		public @Nullable Duration getRetryDelay() {
			return this.retryDelay;
		}

		public void setRetryDelay(@Nullable Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

	}

	/**
	 * Encryption at rest of event payloads and snapshots (and durable states when asked) with AES-256-GCM, one
	 * data key per entity wrapped by a master key.
	 */
	public static class Encryption {

		/**
		 * Whether payloads are encrypted; events written before stay readable.
		 */
		private boolean enabled;

		/**
		 * Master key wrapping the data keys: 32 random bytes in base64, typically from an environment variable;
		 * ignored when the application defines a MasterKeyProvider bean.
		 */
		private @Nullable String masterKey;

		/**
		 * Former master keys, still used to unwrap data keys they wrapped until those are rewrapped.
		 */
		private List<String> previousMasterKeys = new ArrayList<>();

		/**
		 * Whether durable states are encrypted too.
		 */
		private boolean durableState;

		/**
		 * How many unwrapped data keys are cached.
		 */
		private int keyCacheSize = 10_000;

		/**
		 * How long an unwrapped data key stays cached.
		 */
		private Duration keyCacheTtl = Duration.ofMinutes(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getMasterKey() {
			return this.masterKey;
		}

		public void setMasterKey(@Nullable String masterKey) {
			this.masterKey = masterKey;
		}

		public List<String> getPreviousMasterKeys() {
			return this.previousMasterKeys;
		}

		public void setPreviousMasterKeys(List<String> previousMasterKeys) {
			this.previousMasterKeys = previousMasterKeys;
		}

		public boolean isDurableState() {
			return this.durableState;
		}

		public void setDurableState(boolean durableState) {
			this.durableState = durableState;
		}

		public int getKeyCacheSize() {
			return this.keyCacheSize;
		}

		public void setKeyCacheSize(int keyCacheSize) {
			this.keyCacheSize = keyCacheSize;
		}

		public Duration getKeyCacheTtl() {
			return this.keyCacheTtl;
		}

		public void setKeyCacheTtl(Duration keyCacheTtl) {
			this.keyCacheTtl = keyCacheTtl;
		}

	}

	/**
	 * GDPR erasure of an entity (crypto-shredding when encrypted).
	 */
	public static class Erasure {

		/**
		 * What a command to an erased entity does: reject it, or start a fresh history.
		 */
		private io.ego.core.ErasureMode mode = io.ego.core.ErasureMode.REJECT;

		public io.ego.core.ErasureMode getMode() {
			return this.mode;
		}

		public void setMode(io.ego.core.ErasureMode mode) {
			this.mode = mode;
		}

	}

	/**
	 * Schema evolution of stored messages.
	 */
	public static class Schema {

		/**
		 * Revision written with each message type (protobuf full name); events stored at an older revision are read
		 * through the EventAdapter beans.
		 */
		private final Map<String, Integer> revisions = new LinkedHashMap<>();

		public Map<String, Integer> getRevisions() {
			return this.revisions;
		}

	}

}
