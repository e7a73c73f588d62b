package io.ego.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.google.protobuf.Message;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.entity.EntityType;
import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.internal.consumer.ConsumerDefinition;
import io.ego.core.internal.consumer.EventPublisherDefinition;
import io.ego.core.internal.consumer.JournalConsumers;
import io.ego.core.internal.consumer.ProjectionDefinition;
import io.ego.core.internal.consumer.StatePublisherDefinition;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.Projections;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: routes commands to single-writer entities, activated on demand and passivated when idle. Plain
 * Java; the Spring Boot starter builds one as a bean.
 *
 * <pre>{@code
 * EgoEngine engine = EgoEngine.builder()
 *         .eventStore(eventStore).snapshotStore(snapshotStore)
 *         .eventSourced("account", new AccountBehavior(), EntitySettings.defaults().withSnapshotInterval(100))
 *         .build();
 * CommandReply<Account> reply = engine.entity(AccountBehavior.class, "acc-1").askAndWait(credit);
 * }</pre>
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EgoEngine implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EgoEngine.class);

	/** Entity type names: a letter or digit, then letters, digits, {@code . _ -}; at most 64 characters. */
	public static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private final EngineRuntime runtime;

	private final Map<String, EntityType<?>> types;

	private final Map<Class<?>, EntityType<?>> typesByBehavior;

	private final Map<String, EntityTypeInfo.Kind> kinds;

	private final ScheduledExecutorService passivator;

	private final JournalConsumers journalConsumers;

	private final Projections projections;

	private final Duration shutdownTimeout;

	private final @Nullable DataKeys dataKeys;

	private final @Nullable DeadLetterStore deadLetterStore;

	/** How far the journal's consumers have read, as retention sees it. */
	private final ConsumerProgress consumerProgress;

	private final String instanceId;

	private volatile boolean closed;

	private EgoEngine(Builder builder) {
		MessageTypes messageTypes = new MessageTypes();
		List<ConsumerProgress> consumers = new ArrayList<>(builder.consumers);
		consumers.add(new ConsumerProgress() {

			@Override
			public long lowestHandledPosition() {
				JournalConsumers journal = EgoEngine.this.journalConsumers; // null until created below
				return (journal != null) ? journal.lowestHandledPosition() : Long.MAX_VALUE;
			}

			@Override
			public long lowestHandledPosition(int slice) {
				JournalConsumers journal = EgoEngine.this.journalConsumers;
				return (journal != null) ? journal.lowestHandledPosition(slice) : Long.MAX_VALUE;
			}

		});
		messageTypes.registerFileOf(io.ego.core.v1.ErasedEvent.getDefaultInstance());
		this.dataKeys = (builder.encryption != null)
				? new DataKeys(builder.encryption, java.util.Objects.requireNonNull(builder.dataKeyStore), builder.clock)
				: null;
		this.deadLetterStore = builder.deadLetterStore;
		this.consumerProgress = lowestOf(consumers);
		this.instanceId = builder.instanceId;
		this.runtime = new EngineRuntime(builder.eventStore, builder.snapshotStore, builder.durableStateStore,
				this.consumerProgress, messageTypes, builder.clock, builder.telemetry(), this.dataKeys,
				builder.erasureStore, builder.erasureMode, builder.schema, builder.instanceId);
		this.shutdownTimeout = builder.shutdownTimeout;
		Map<String, EntityType<?>> types = new LinkedHashMap<>();
		Map<Class<?>, EntityType<?>> byBehavior = new LinkedHashMap<>();
		Map<String, EntityTypeInfo.Kind> kinds = new LinkedHashMap<>();
		for (Registration registration : builder.registrations) {
			EntityBehavior<?> behavior = registration.behavior;
			Message initial = behavior.initialState();
			if (initial == null) {
				throw new EngineConfigurationException("behaviour of '" + registration.name + "' ("
						+ behavior.getClass().getName() + ") returned a null initial state");
			}
			messageTypes.registerFileOf(initial);
			for (Message type : behavior.messageTypes()) {
				messageTypes.register(type);
			}
			EntityType<?> type = create(registration);
			types.put(registration.name, type);
			kinds.put(registration.name, (behavior instanceof EventSourcedBehavior) ? EntityTypeInfo.Kind.EVENT_SOURCED
					: EntityTypeInfo.Kind.DURABLE_STATE);
			EntityType<?> previous = byBehavior.putIfAbsent(behavior.getClass(), type);
			if (previous != null) {
				byBehavior.put(behavior.getClass(), null); // ambiguous: resolve by type name instead
			}
		}
		this.types = java.util.Collections.unmodifiableMap(types);
		this.typesByBehavior = byBehavior;
		this.kinds = Map.copyOf(kinds);
		List<ConsumerDefinition> definitions = new ArrayList<>();
		for (ProjectionRegistration projection : builder.projections) {
			definitions.add((projection.statePublisher != null)
					? new StatePublisherDefinition(projection.name, projection.statePublisher, projection.settings)
					: (projection.publisher != null)
					? new EventPublisherDefinition(projection.name, projection.publisher, projection.settings)
					: new ProjectionDefinition(projection.name, projection.handler, projection.settings));
		}
		this.journalConsumers = new JournalConsumers(definitions, builder.eventStore, builder.durableStateStore,
				builder.offsetStore, builder.deadLetterStore, builder.transactions, this.runtime);
		this.projections = this.journalConsumers.projections();
		this.passivator = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ego-passivation");
			thread.setDaemon(true);
			return thread;
		});
		long period = sweepPeriodMillis(builder.registrations);
		this.passivator.scheduleWithFixedDelay(this::passivateIdle, period, period, TimeUnit.MILLISECONDS);
		this.journalConsumers.start();
	}

	private static ConsumerProgress lowestOf(List<ConsumerProgress> consumers) {
		List<ConsumerProgress> all = List.copyOf(consumers);
		return new ConsumerProgress() {

			@Override
			public long lowestHandledPosition() {
				long lowest = Long.MAX_VALUE;
				for (ConsumerProgress consumer : all) {
					lowest = Math.min(lowest, consumer.lowestHandledPosition());
				}
				return lowest;
			}

			@Override
			public long lowestHandledPosition(int slice) {
				long lowest = Long.MAX_VALUE;
				for (ConsumerProgress consumer : all) {
					lowest = Math.min(lowest, consumer.lowestHandledPosition(slice));
				}
				return lowest;
			}

		};
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private EntityType<?> create(Registration registration) {
		if (registration.behavior instanceof EventSourcedBehavior esb) {
			return EntityType.eventSourced(registration.name, esb, registration.settings, this.runtime);
		}
		return EntityType.durableState(registration.name, (DurableStateBehavior) registration.behavior,
				registration.settings, this.runtime);
	}

	private static long sweepPeriodMillis(List<Registration> registrations) {
		long shortest = registrations.stream()
			.mapToLong((r) -> r.settings.passivateAfter().toMillis())
			.min()
			.orElse(60_000);
		return Math.clamp(shortest / 4, 5, 1_000);
	}

	private void passivateIdle() {
		long now = System.nanoTime();
		for (EntityType<?> type : this.types.values()) {
			try {
				int passivated = type.passivateIdle(now);
				if (passivated > 0 && logger.isDebugEnabled()) {
					logger.debug("Passivated {} idle '{}' entities", passivated, type.name());
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Passivation of '{}' entities failed", type.name(), ex);
			}
		}
	}

	/** @return a builder */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns a typed reference to an entity of the type registered with a behaviour class.
	 * @param behaviorClass the behaviour's class, registered under exactly one type name
	 * @param entityId the entity id
	 * @param <S> the state type
	 * @param <B> the behaviour type
	 * @return the reference
	 * @throws UnknownEntityTypeException when the class is not registered, or registered under several names
	 */
	@SuppressWarnings("unchecked")
	public <S extends Message, B extends EntityBehavior<S>> EntityRef<S> entity(Class<B> behaviorClass,
			String entityId) {
		EntityType<?> type = this.typesByBehavior.get(behaviorClass);
		if (type == null) {
			throw new UnknownEntityTypeException(this.typesByBehavior.containsKey(behaviorClass)
					? "behaviour " + behaviorClass.getName() + " is registered under several type names; use entity(name, id)"
					: "no entity type is registered with behaviour " + behaviorClass.getName() + "; registered: "
							+ this.types.keySet());
		}
		return new EntityRef<>((EntityType<S>) type, requireId(entityId));
	}

	/**
	 * Returns a reference to an entity by type name.
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @param <S> the state type (unchecked: prefer {@link #entity(Class, String)})
	 * @return the reference
	 * @throws UnknownEntityTypeException when no type has that name
	 */
	@SuppressWarnings("unchecked")
	public <S extends Message> EntityRef<S> entity(String entityType, String entityId) {
		return new EntityRef<>((EntityType<S>) type(entityType), requireId(entityId));
	}

	/**
	 * Sends a command to an entity without blocking.
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @param command the command
	 * @return the reply, completed (never exceptionally) within the ask timeout
	 */
	public CompletableFuture<? extends CommandReply<?>> ask(String entityType, String entityId, Message command) {
		return entity(entityType, entityId).ask(command);
	}

	/**
	 * Sends a command to an entity and waits for its reply.
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @param command the command
	 * @return the reply
	 */
	public CommandReply<?> askAndWait(String entityType, String entityId, Message command) {
		return entity(entityType, entityId).askAndWait(command);
	}

	/** @return the registered entity types with their settings and live entity counts */
	public List<EntityTypeInfo> entityTypes() {
		List<EntityTypeInfo> result = new ArrayList<>();
		for (EntityType<?> type : this.types.values()) {
			result.add(new EntityTypeInfo(type.name(), this.kinds.get(type.name()), type.behavior().getClass().getName(),
					type.settings(), type.liveEntities()));
		}
		return result;
	}

	/** @return the operations on the engine's projections */
	public Projections projections() {
		return this.projections;
	}

	/**
	 * Erases an entity (GDPR erasure by crypto-shredding). Blocks until done:
	 * <ol>
	 * <li>takes the entity's live cell, waiting for the command or write in flight (commands sent meanwhile wait),
	 * and stops its snapshot writer;</li>
	 * <li>records an {@link ErasureMarker erasure marker} and, for an event-sourced entity with a history, appends an
	 * {@link io.ego.core.v1.EntityErased} tombstone after its last event, which every projection and publisher
	 * receives (see {@link Projection#onErased});</li>
	 * <li>deletes the entity's data keys (crypto-shredding: its encrypted events, snapshots and states can never be
	 * read again, in the store, in backups or in dead letters), its snapshots or durable state, and its dead
	 * letters;</li>
	 * <li>without encryption (or when some of its events were written before encryption was on) deletes its
	 * events physically, up to the last erased one; the journal keeps the entity's highest sequence number and the
	 * tombstone;</li>
	 * <li>passivates the cell: the next command to the entity is rejected with an {@link EntityErasedException}
	 * ({@link ErasureMode#REJECT}, the default) or starts a fresh history ({@link ErasureMode#FRESH_HISTORY}).</li>
	 * </ol>
	 * With encryption the events stay in the journal, unreadable: projections and publishers that read them later
	 * receive {@link io.ego.core.v1.ErasedEvent} markers instead (skipped by default) and never halt on them.
	 * Erasing again is harmless; when an erasure fails part-way (a store failure), the entity is already treated as
	 * erased, and erasing it again completes it. Read models, published copies and backups of unencrypted data are
	 * the application's to handle (the tombstone tells projections and publishers).
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @return the erasure marker
	 * @throws UnknownEntityTypeException when no type has that name
	 * @throws EntityNotFoundException when the entity has no history (was never written nor erased): erasing a
	 * mistyped id would block it for good; see {@link #eraseEntity(String, String, boolean)}
	 * @throws EngineStoppedException when the engine is closed
	 * @throws IllegalStateException when no erasure store is configured
	 */
	public ErasureMarker eraseEntity(String entityType, String entityId) {
		return eraseEntity(entityType, entityId, false);
	}

	/**
	 * Erases an entity like {@link #eraseEntity(String, String)}; with {@code force}, also one without a history
	 * (its id is then blocked, or starts a fresh history, per the erasure mode).
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @param force whether to erase an entity that has no history
	 * @return the erasure marker
	 * @throws UnknownEntityTypeException when no type has that name
	 * @throws EntityNotFoundException when the entity has no history and {@code force} is not set
	 * @throws EngineStoppedException when the engine is closed
	 * @throws IllegalStateException when no erasure store is configured
	 */
	public ErasureMarker eraseEntity(String entityType, String entityId, boolean force) {
		EntityType<?> type = type(entityType);
		requireId(entityId);
		if (!this.runtime.isRunning()) {
			throw new EngineStoppedException("engine stopped: '" + entityType + "|" + entityId + "' not erased");
		}
		return type.erase(entityId, this.journalConsumers.names(), this.deadLetterStore,
				System.nanoTime() + this.shutdownTimeout.toNanos(), force);
	}

	/**
	 * Rewraps every stored data key that is not wrapped by the current master key with it (after a master key
	 * rotation); the older master keys can be retired afterwards. Payloads are not touched. Safe to run while the
	 * engine works, and again.
	 * @return how many data keys were rewrapped
	 * @throws IllegalStateException when encryption is not configured
	 * @throws io.ego.core.encryption.EncryptionException when a data key does not unwrap
	 */
	public long rewrapDataKeys() {
		if (this.dataKeys == null) {
			throw new IllegalStateException("encryption is not configured: there are no data keys to rewrap");
		}
		return this.dataKeys.rewrap();
	}

	/**
	 * Returns the id of this application instance: the owner of the projection leases it holds, shown per worker
	 * in {@link ProjectionStatus.Worker#owner()}.
	 * @return the instance id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/** @return how far the journal's consumers have read, as retention sees it (for tests) */
	ConsumerProgress consumerProgress() {
		return this.consumerProgress;
	}

	/** @return whether the engine accepts commands */
	public boolean isRunning() {
		return this.runtime.isRunning();
	}

	private EntityType<?> type(String name) {
		EntityType<?> type = this.types.get(name);
		if (type == null) {
			throw new UnknownEntityTypeException(
					"unknown entity type '" + name + "'; registered: " + this.types.keySet());
		}
		return type;
	}

	private static String requireId(String entityId) {
		if (entityId == null) {
			throw new InvalidEntityIdException("entity id must not be null");
		}
		return entityId;
	}

	/**
	 * Stops gracefully: stops accepting commands, lets in-flight commands and writes finish, fails what is still
	 * queued, waits for snapshot writes, then stops the engine's threads. Stores are not closed: they belong to
	 * the application. Idempotent.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.runtime.stopAccepting();
		this.passivator.shutdownNow();
		long runnersDeadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		this.journalConsumers.shutdown(runnersDeadline);
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		for (EntityType<?> type : this.types.values()) {
			if (!type.drainForShutdown(deadline)) {
				logger.warn("Entities of '{}' still busy after {}; stopping anyway", type.name(), this.shutdownTimeout);
			}
		}
		this.runtime.shutdown(deadline);
	}

	/**
	 * Builds an {@link EgoEngine}; validates the configuration in {@link #build()}.
	 */
	public static final class Builder {

		private @Nullable EventStore eventStore;

		private @Nullable SnapshotStore snapshotStore;

		private @Nullable DurableStateStore durableStateStore;

		private final List<ConsumerProgress> consumers = new ArrayList<>();

		private final List<Registration> registrations = new ArrayList<>();

		private final List<ProjectionRegistration> projections = new ArrayList<>();

		private @Nullable OffsetStore offsetStore;

		private @Nullable DeadLetterStore deadLetterStore;

		private @Nullable ProjectionTransactions transactions;

		private EntitySettings defaults = EntitySettings.defaults();

		private Clock clock = Clock.systemUTC();

		private Duration shutdownTimeout = Duration.ofSeconds(30);

		private io.micrometer.observation.ObservationRegistry observationRegistry = io.micrometer.observation.ObservationRegistry.NOOP;

		private final List<io.micrometer.observation.ObservationConvention<?>> conventions = new ArrayList<>();

		private io.ego.core.internal.telemetry.EngineMetrics metrics = io.ego.core.internal.telemetry.EngineMetrics.NOOP;

		private @Nullable EncryptionSettings encryption;

		private @Nullable DataKeyStore dataKeyStore;

		private @Nullable ErasureStore erasureStore;

		private ErasureMode erasureMode = ErasureMode.REJECT;

		private SchemaEvolution schema = SchemaEvolution.none();

		private String instanceId = io.ego.core.internal.runtime.InstanceIds.generate();

		private Builder() {
		}

		/**
		 * Names this application instance: the owner of the leases it holds on projection and publisher workers
		 * when several instances share an offset store (each worker runs on the instance holding its lease). It must
		 * be unique among the instances; by default it is {@code <host>-<pid>-<random>}, new for every engine.
		 * @param id the id, 1 to 200 printable characters
		 * @return this builder
		 * @throws EngineConfigurationException when the id is blank, too long or has control characters
		 */
		public Builder instanceId(String id) {
			this.instanceId = io.ego.core.internal.runtime.InstanceIds.check(id);
			return this;
		}

		/**
		 * Encrypts event payloads and snapshot states (and durable states when the settings say so) with
		 * AES-256-GCM, one data key per entity, kept wrapped in the {@link #dataKeyStore data key store}.
		 * Without it nothing is encrypted (payloads encrypted earlier are still read, given the settings).
		 * @param settings the encryption settings, with the master keys
		 * @return this builder
		 */
		public Builder encryption(EncryptionSettings settings) {
			this.encryption = settings;
			return this;
		}

		/**
		 * @param store where the wrapped data keys are kept (needed by encryption)
		 * @return this builder
		 */
		public Builder dataKeyStore(DataKeyStore store) {
			this.dataKeyStore = store;
			return this;
		}

		/**
		 * @param store where erasures are recorded (needed by {@link EgoEngine#eraseEntity})
		 * @return this builder
		 */
		public Builder erasureStore(ErasureStore store) {
			this.erasureStore = store;
			return this;
		}

		/**
		 * @param mode what a command to an erased entity does, {@link ErasureMode#REJECT} by default
		 * @return this builder
		 */
		public Builder erasureMode(ErasureMode mode) {
			if (mode == null) {
				throw new EngineConfigurationException("erasure mode is null: use REJECT or FRESH_HISTORY");
			}
			this.erasureMode = mode;
			return this;
		}

		/**
		 * @param schema the revisions message types are written at and the adapters of older events
		 * @return this builder
		 */
		public Builder schemaEvolution(SchemaEvolution schema) {
			if (schema == null) {
				throw new EngineConfigurationException("schema evolution is null: use SchemaEvolution.none()");
			}
			this.schema = schema;
			return this;
		}

		/**
		 * @param store the journal of event-sourced entities
		 * @return this builder
		 */
		public Builder eventStore(EventStore store) {
			this.eventStore = store;
			return this;
		}

		/**
		 * @param store the snapshot store (needed when a snapshot interval is set)
		 * @return this builder
		 */
		public Builder snapshotStore(SnapshotStore store) {
			this.snapshotStore = store;
			return this;
		}

		/**
		 * @param store the store of durable-state entities
		 * @return this builder
		 */
		public Builder durableStateStore(DurableStateStore store) {
			this.durableStateStore = store;
			return this;
		}

		/**
		 * Uses in-memory stores for whatever store is not set: for tests and quick starts.
		 * @return this builder
		 */
		public Builder inMemoryStores() {
			if (this.eventStore == null) {
				this.eventStore = new InMemoryEventStore();
			}
			if (this.snapshotStore == null) {
				this.snapshotStore = new InMemorySnapshotStore();
			}
			if (this.durableStateStore == null) {
				this.durableStateStore = new InMemoryDurableStateStore();
			}
			if (this.offsetStore == null) {
				this.offsetStore = new InMemoryOffsetStore();
			}
			if (this.deadLetterStore == null) {
				this.deadLetterStore = new InMemoryDeadLetterStore();
			}
			if (this.dataKeyStore == null) {
				this.dataKeyStore = new InMemoryDataKeyStore();
			}
			if (this.erasureStore == null) {
				this.erasureStore = new InMemoryErasureStore();
			}
			return this;
		}

		/**
		 * @param store where projections keep their offsets (and persisted pauses)
		 * @return this builder
		 */
		public Builder offsetStore(OffsetStore store) {
			this.offsetStore = store;
			return this;
		}

		/**
		 * @param store where projections put the events they skip
		 * @return this builder
		 */
		public Builder deadLetterStore(DeadLetterStore store) {
			this.deadLetterStore = store;
			return this;
		}

		/**
		 * @param transactions how transactional projections run a transaction
		 * @return this builder
		 */
		public Builder projectionTransactions(ProjectionTransactions transactions) {
			this.transactions = transactions;
			return this;
		}

		/**
		 * Registers a projection with the default settings.
		 * @param name the projection's name (also its offsets' key)
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder projection(String name, Projection handler) {
			return projection(name, handler, ProjectionSettings.defaults());
		}

		/**
		 * Registers a projection.
		 * @param name the projection's name (also its offsets' key)
		 * @param handler the handler
		 * @param settings its settings
		 * @return this builder
		 */
		public Builder projection(String name, Projection handler, ProjectionSettings settings) {
			return addReader(new ProjectionRegistration(name, handler, null, null, settings));
		}

		/**
		 * Registers an event publisher: a journal reader with its own offsets (under {@code name}) that hands
		 * events to the publisher at least once, in per-entity order. Listed and operated with the projections.
		 * @param name the publisher's name (also its offsets' key)
		 * @param publisher the publisher
		 * @param settings its settings ({@code retries} and {@code retryDelay} apply; outages are retried until
		 * they pass)
		 * @return this builder
		 */
		public Builder eventPublisher(String name, io.ego.core.publisher.EventPublisher publisher,
				ProjectionSettings settings) {
			if (publisher == null) {
				throw new EngineConfigurationException("publisher '" + name + "' is null");
			}
			return addReader(new ProjectionRegistration(name, (envelope) -> publisher.publish(List.of(envelope)),
					publisher, null, settings));
		}

		/**
		 * Registers a state publisher: a reader of the durable-state change feed
		 * ({@link io.ego.core.store.DurableStateChanges#changesAfter}) with its own offsets (under {@code name}) that hands the latest
		 * state of every durable-state entity to the publisher at least once, in per-entity revision order (a state
		 * overwritten before it was read is skipped). Listed and operated with the projections; rebuilds from a
		 * position only (change-feed positions are not journal positions).
		 * @param name the publisher's name (also its offsets' key)
		 * @param publisher the publisher
		 * @param settings its settings ({@code retries} and {@code retryDelay} apply; outages are retried until
		 * they pass)
		 * @return this builder
		 */
		public Builder statePublisher(String name, io.ego.core.publisher.StatePublisher publisher,
				ProjectionSettings settings) {
			if (publisher == null) {
				throw new EngineConfigurationException("publisher '" + name + "' is null");
			}
			return addReader(new ProjectionRegistration(name, (envelope) -> {
				throw new IllegalStateException("a state publisher is driven by its runner");
			}, null, publisher, settings));
		}

		private Builder addReader(ProjectionRegistration registration) {
			String name = registration.name;
			if (name == null || !TYPE_NAME.matcher(name).matches()) {
				throw new EngineConfigurationException("invalid projection name '" + name + "': use letters, digits, "
						+ "'.', '_' or '-', starting with a letter or digit, at most 64 characters");
			}
			if (registration.handler == null || registration.settings == null) {
				throw new EngineConfigurationException("projection '" + name + "' needs a handler and settings");
			}
			for (ProjectionRegistration existing : this.projections) {
				if (existing.name.equals(name)) {
					throw new EngineConfigurationException("projection or publisher '" + name + "' is registered twice");
				}
			}
			this.projections.add(registration);
			return this;
		}

		/**
		 * Registers a consumer of the journal; retention never deletes events it has not handled.
		 * @param progress the consumer's progress
		 * @return this builder
		 */
		public Builder consumerProgress(ConsumerProgress progress) {
			this.consumers.add(progress);
			return this;
		}

		/**
		 * @param settings the settings of types registered without their own
		 * @return this builder
		 */
		public Builder defaults(EntitySettings settings) {
			this.defaults = settings;
			return this;
		}

		/**
		 * @param clock the clock for write times
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Records the engine's observations (see {@link io.ego.core.observation.EgoObservation}): spans with a
		 * tracing handler, timers with a meter handler. Without one nothing is recorded.
		 * @param registry the application's observation registry
		 * @return this builder
		 */
		public Builder observationRegistry(io.micrometer.observation.ObservationRegistry registry) {
			this.observationRegistry = registry;
			return this;
		}

		/**
		 * Replaces the default convention of one of the engine's observations (e.g. a
		 * {@link io.ego.core.observation.CommandObservationConvention}).
		 * @param convention the convention
		 * @return this builder
		 */
		public Builder observationConvention(io.micrometer.observation.ObservationConvention<?> convention) {
			this.conventions.add(convention);
			return this;
		}

		/**
		 * Registers the engine's counters and gauges (live entities, activations, passivations, events persisted,
		 * write batch sizes, projection lag per worker). Needs micrometer-core on the class path.
		 * @param registry the application's meter registry
		 * @return this builder
		 */
		public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
			this.metrics = new io.ego.core.internal.telemetry.MicrometerEngineMetrics(registry);
			return this;
		}

		private io.ego.core.internal.telemetry.Telemetry telemetry() {
			if (this.observationRegistry.isNoop() && this.metrics == io.ego.core.internal.telemetry.EngineMetrics.NOOP) {
				return io.ego.core.internal.telemetry.Telemetry.NOOP;
			}
			return new io.ego.core.internal.telemetry.Telemetry(this.observationRegistry, List.copyOf(this.conventions),
					this.metrics);
		}

		/**
		 * @param timeout how long {@link EgoEngine#close()} waits for in-flight work
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration timeout) {
			this.shutdownTimeout = timeout;
			return this;
		}

		/**
		 * Registers an event-sourced entity type with the default settings.
		 * @param name the type name
		 * @param behavior the behaviour
		 * @return this builder
		 */
		public Builder eventSourced(String name, EventSourcedBehavior<?> behavior) {
			return register(name, behavior, null);
		}

		/**
		 * Registers an event-sourced entity type.
		 * @param name the type name
		 * @param behavior the behaviour
		 * @param settings its settings
		 * @return this builder
		 */
		public Builder eventSourced(String name, EventSourcedBehavior<?> behavior, EntitySettings settings) {
			return register(name, behavior, settings);
		}

		/**
		 * Registers a durable-state entity type with the default settings.
		 * @param name the type name
		 * @param behavior the behaviour
		 * @return this builder
		 */
		public Builder durableState(String name, DurableStateBehavior<?> behavior) {
			return register(name, behavior, null);
		}

		/**
		 * Registers a durable-state entity type.
		 * @param name the type name
		 * @param behavior the behaviour
		 * @param settings its settings
		 * @return this builder
		 */
		public Builder durableState(String name, DurableStateBehavior<?> behavior, EntitySettings settings) {
			return register(name, behavior, settings);
		}

		private Builder register(String name, EntityBehavior<?> behavior, @Nullable EntitySettings settings) {
			if (name == null || !TYPE_NAME.matcher(name).matches()) {
				throw new EngineConfigurationException("invalid entity type name '" + name + "': use letters, digits, "
						+ "'.', '_' or '-', starting with a letter or digit, at most 64 characters");
			}
			if (behavior == null) {
				throw new EngineConfigurationException("behaviour of entity type '" + name + "' is null");
			}
			for (Registration existing : this.registrations) {
				if (existing.name.equals(name)) {
					throw new EngineConfigurationException("entity type '" + name + "' is registered twice: by "
							+ existing.behavior.getClass().getName() + " and " + behavior.getClass().getName());
				}
			}
			this.registrations.add(new Registration(name, behavior, settings));
			return this;
		}

		/**
		 * Validates the configuration and starts the engine.
		 * @return the running engine
		 * @throws EngineConfigurationException naming what is missing or wrong
		 */
		public EgoEngine build() {
			List<Registration> resolved = new ArrayList<>();
			for (Registration registration : this.registrations) {
				EntitySettings settings = (registration.settings != null) ? registration.settings : this.defaults;
				String name = registration.name;
				if (registration.behavior instanceof EventSourcedBehavior) {
					if (this.eventStore == null) {
						throw new EngineConfigurationException(
								"event-sourced entity type '" + name + "' needs an event store; none is configured");
					}
					if (settings.snapshotInterval() > 0 && this.snapshotStore == null) {
						throw new EngineConfigurationException("entity type '" + name + "' has snapshot-interval "
								+ settings.snapshotInterval() + " but no snapshot store is configured");
					}
					if (settings.retention().deleteEventsOnSnapshot()) {
						String stateType = ((EventSourcedBehavior<?>) registration.behavior).initialState()
							.getDescriptorForType()
							.getFullName();
						List<Integer> missing = this.schema.unadaptedStateRevisions(stateType);
						if (!missing.isEmpty()) {
							throw new EngineConfigurationException("entity type '" + name + "' deletes events on "
									+ "snapshot (retention) and its state '" + stateType + "' is at revision "
									+ this.schema.revisionOf(stateType) + ", but no snapshot adapter reads revision(s) "
									+ missing + ": an entity whose events were deleted could not recover from such a "
									+ "snapshot. Register a SnapshotAdapter for each, or turn retention off");
						}
					}
				}
				else if (this.durableStateStore == null) {
					throw new EngineConfigurationException(
							"durable-state entity type '" + name + "' needs a durable-state store; none is configured");
				}
				resolved.add(new Registration(name, registration.behavior, settings));
			}
			this.registrations.clear();
			this.registrations.addAll(resolved);
			if (this.encryption != null && this.dataKeyStore == null) {
				throw new EngineConfigurationException("encryption needs a data key store (DataKeyStore); none is "
						+ "configured");
			}
			if (!this.projections.isEmpty()) {
				String first = this.projections.get(0).name;
				for (ProjectionRegistration projection : this.projections) {
					if (projection.statePublisher != null) {
						if (this.durableStateStore == null) {
							throw new EngineConfigurationException("state publisher '" + projection.name
									+ "' needs a durable-state store; none is configured");
						}
					}
					else if (this.eventStore == null) {
						throw new EngineConfigurationException(
								"projection '" + projection.name + "' needs an event store; none is configured");
					}
				}
				if (this.offsetStore == null) {
					throw new EngineConfigurationException("projection '" + first + "' needs an offset store; none is configured");
				}
			}
			return new EgoEngine(this);
		}

	}

	private record Registration(String name, EntityBehavior<?> behavior, @Nullable EntitySettings settings) {
	}

	private record ProjectionRegistration(String name, Projection handler,
			io.ego.core.publisher.@Nullable EventPublisher publisher,
			io.ego.core.publisher.@Nullable StatePublisher statePublisher, ProjectionSettings settings) {
	}

}
