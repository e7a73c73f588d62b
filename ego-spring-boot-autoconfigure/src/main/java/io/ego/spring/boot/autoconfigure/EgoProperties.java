package io.ego.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ego.core.ErasureMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of eGo, bound to the {@code ego} prefix: entity and projection
 * settings (defaults and per-name overrides, both {@link EntityProperties} /
 * {@link ProjectionProperties}), shutdown, the stores, encryption, erasure and schema
 * evolution.
 *
 * @author eGo team
 * @since 0.1.0
 */
@ConfigurationProperties("ego")
public class EgoProperties {

	/**
	 * Longest time the engine waits on shutdown for in-flight commands and writes before
	 * it stops anyway.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	/**
	 * Whether the start-up fails when a property under ego is set that no module on the
	 * class path defines (a typo, or a setting of a module that is missing), naming the
	 * key and the nearest valid one.
	 */
	private boolean failOnUnknownProperties = true;

	/**
	 * Id of this application instance, unique among the instances sharing the offset
	 * store: the owner of the leases it holds on projection and publisher workers (each
	 * worker runs on the instance holding its lease). Generated from the host name, the
	 * process id and a random part when not set.
	 */
	private @Nullable String instanceId;

	/**
	 * Settings of every entity type, where its own under ego.entities does not set them.
	 */
	@NestedConfigurationProperty
	private final EntityProperties entityDefaults = new EntityProperties();

	/**
	 * Settings per entity type, keyed by type name; each setting given here replaces the
	 * entity default.
	 */
	private final Map<String, EntityProperties> entities = new LinkedHashMap<>();

	private final Store store = new Store();

	/**
	 * Settings of every projection, where its own under ego.projections does not set
	 * them.
	 */
	@NestedConfigurationProperty
	private final ProjectionProperties projectionDefaults = new ProjectionProperties();

	private final Encryption encryption = new Encryption();

	private final Erasure erasure = new Erasure();

	private final Schema schema = new Schema();

	/**
	 * Settings per projection, keyed by projection name; each setting given here replaces
	 * the projection default.
	 */
	private final Map<String, ProjectionProperties> projections = new LinkedHashMap<>();

	/**
	 * Settings per saga, keyed by saga name.
	 */
	private final Map<String, SagaProperties> sagas = new LinkedHashMap<>();

	public boolean isFailOnUnknownProperties() {
		return this.failOnUnknownProperties;
	}

	public void setFailOnUnknownProperties(boolean failOnUnknownProperties) {
		this.failOnUnknownProperties = failOnUnknownProperties;
	}

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

	public EntityProperties getEntityDefaults() {
		return this.entityDefaults;
	}

	public Map<String, EntityProperties> getEntities() {
		return this.entities;
	}

	public Store getStore() {
		return this.store;
	}

	public ProjectionProperties getProjectionDefaults() {
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

	public Map<String, ProjectionProperties> getProjections() {
		return this.projections;
	}

	public Map<String, SagaProperties> getSagas() {
		return this.sagas;
	}

	/**
	 * Where entities are stored.
	 */
	public static class Store {

		/**
		 * Which stores to use: auto picks JDBC when ego-stores-jdbc and a single
		 * DataSource are present, else in-memory.
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
		 * Prefix of every eGo table, index and sequence name: lower-case letters, digits
		 * and underscores, starting with a letter, at most 32 characters.
		 */
		private String tablePrefix = "ego_";

		/**
		 * Largest payload (event, snapshot or state) and encoded event metadata a store
		 * accepts.
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
		 * Most events written in one journal transaction; a bigger append is written
		 * alone.
		 */
		private int maxBatchSize = 1000;

		/**
		 * How long the journal writer waits for more appends after the first of a
		 * transaction; 0 writes what queued while the previous transaction ran, without
		 * waiting.
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
		 * JDBC stores on the application's DataSource; start-up fails when they cannot be
		 * created.
		 */
		JDBC,

		/**
		 * In-memory stores: nothing survives a restart.
		 */
		IN_MEMORY

	}

	/**
	 * Encryption at rest of event payloads and snapshots (and durable states when asked)
	 * with AES-256-GCM, one data key per entity wrapped by a master key.
	 */
	public static class Encryption {

		/**
		 * Whether payloads are encrypted; events written before stay readable.
		 */
		private boolean enabled;

		/**
		 * Master key wrapping the data keys: 32 random bytes in base64, typically from an
		 * environment variable; ignored when the application defines a MasterKeyProvider
		 * bean.
		 */
		private @Nullable String masterKey;

		/**
		 * Former master keys, still used to unwrap data keys they wrapped until those are
		 * rewrapped.
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

		/**
		 * How many stored data keys the master key must unwrap at start-up (0 = no
		 * check); start-up fails when one does not.
		 */
		private int startupCheckKeys = 16;

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

		public int getStartupCheckKeys() {
			return this.startupCheckKeys;
		}

		public void setStartupCheckKeys(int startupCheckKeys) {
			this.startupCheckKeys = startupCheckKeys;
		}

	}

	/**
	 * GDPR erasure of an entity (crypto-shredding when encrypted).
	 */
	public static class Erasure {

		/**
		 * What a command to an erased entity does: reject it, or start a fresh history.
		 */
		private ErasureMode mode = ErasureMode.REJECT;

		public ErasureMode getMode() {
			return this.mode;
		}

		public void setMode(ErasureMode mode) {
			this.mode = mode;
		}

	}

	/**
	 * Schema evolution of stored messages.
	 */
	public static class Schema {

		/**
		 * Revision written with each message type (protobuf full name); events stored at
		 * an older revision are read through the EventAdapter beans.
		 */
		private final Map<String, Integer> revisions = new LinkedHashMap<>();

		public Map<String, Integer> getRevisions() {
			return this.revisions;
		}

	}

}
