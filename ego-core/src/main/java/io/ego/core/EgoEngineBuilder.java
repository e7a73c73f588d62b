package io.ego.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.internal.consumer.ConsumerDefinition;
import io.ego.core.internal.consumer.EventPublisherDefinition;
import io.ego.core.internal.consumer.ProjectionDefinition;
import io.ego.core.internal.consumer.StatePublisherDefinition;
import io.ego.core.internal.engine.ConfigurationValidator;
import io.ego.core.internal.engine.EngineAssembler;
import io.ego.core.internal.engine.EngineConfiguration;
import io.ego.core.internal.engine.EngineCore;
import io.ego.core.internal.engine.EntityRegistration;
import io.ego.core.internal.runtime.InstanceIds;
import io.ego.core.internal.saga.EngineSagas;
import io.ego.core.internal.saga.SagaRegistration;
import io.ego.core.internal.saga.SagaRuntime;
import io.ego.core.internal.telemetry.EngineMetrics;
import io.ego.core.internal.telemetry.MicrometerEngineMetrics;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.publisher.StatePublisher;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaSettings;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.TimerStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link EgoEngine}: collects the configuration, which {@link #build()}
 * validates once before it assembles and starts the engine.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EgoEngineBuilder {

	private final BuilderStores stores = new BuilderStores();

	private final List<ConsumerProgress> consumers = new ArrayList<>();

	private final List<EntityRegistration> registrations = new ArrayList<>();

	private final List<ConsumerDefinition> projections = new ArrayList<>();

	private final List<SagaRegistration> sagas = new ArrayList<>();

	private @Nullable ProjectionTransactions transactions;

	private EntitySettings defaults = EntitySettings.defaults();

	private Clock clock = Clock.systemUTC();

	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private final List<ObservationConvention<?>> conventions = new ArrayList<>();

	private EngineMetrics metrics = EngineMetrics.NOOP;

	private boolean commandMeters;

	private @Nullable EncryptionSettings encryption;

	private ErasureMode erasureMode = ErasureMode.REJECT;

	private SchemaEvolution schema = SchemaEvolution.none();

	private String instanceId = InstanceIds.generate();

	private @Nullable CommandRouter router;

	EgoEngineBuilder() {
	}

	/**
	 * Names this application instance: the owner of the leases it holds on projection and
	 * publisher workers when several instances share an offset store (each worker runs on
	 * the instance holding its lease). It must be unique among the instances; by default
	 * it is {@code <host>-<pid>-<random>}, new for every engine.
	 * @param id the id, 1 to 200 printable characters
	 * @return this builder
	 * @throws EngineConfigurationException when the id is blank, too long or has control
	 * characters
	 */
	public EgoEngineBuilder instanceId(String id) {
		this.instanceId = InstanceIds.check(id);
		return this;
	}

	/**
	 * Makes this engine a member of a cluster: the router tells which entities this
	 * member owns and carries the commands of the others to their owners (see
	 * {@code ego-cluster-hazelcast}). Without one, every entity is local.
	 * @param router the cluster's command router
	 * @return this builder
	 * @since 0.3.0
	 */
	public EgoEngineBuilder commandRouter(CommandRouter router) {
		this.router = Objects.requireNonNull(router, "router");
		return this;
	}

	/**
	 * Encrypts event payloads and snapshot states (and durable states when the settings
	 * say so) with AES-256-GCM, one data key per entity, kept wrapped in the
	 * {@link #dataKeyStore data key store}. Without it nothing is encrypted (payloads
	 * encrypted earlier are still read, given the settings).
	 * @param settings the encryption settings, with the master keys
	 * @return this builder
	 */
	public EgoEngineBuilder encryption(EncryptionSettings settings) {
		this.encryption = settings;
		return this;
	}

	/**
	 * @param store where the wrapped data keys are kept (needed by encryption)
	 * @return this builder
	 */
	public EgoEngineBuilder dataKeyStore(DataKeyStore store) {
		this.stores.dataKeyStore = store;
		return this;
	}

	/**
	 * @param store where erasures are recorded (needed by {@link EgoEngine#eraseEntity})
	 * @return this builder
	 */
	public EgoEngineBuilder erasureStore(ErasureStore store) {
		this.stores.erasureStore = store;
		return this;
	}

	/**
	 * @param mode what a command to an erased entity does, {@link ErasureMode#REJECT} by
	 * default
	 * @return this builder
	 */
	public EgoEngineBuilder erasureMode(ErasureMode mode) {
		this.erasureMode = ConfigurationValidator.checkErasureMode(mode);
		return this;
	}

	/**
	 * @param schema the revisions message types are written at and the adapters of older
	 * events
	 * @return this builder
	 */
	public EgoEngineBuilder schemaEvolution(SchemaEvolution schema) {
		this.schema = ConfigurationValidator.checkSchemaEvolution(schema);
		return this;
	}

	/**
	 * @param store the journal of event-sourced entities
	 * @return this builder
	 */
	public EgoEngineBuilder eventStore(EventStore store) {
		this.stores.eventStore = store;
		return this;
	}

	/**
	 * @param store the snapshot store (needed when a snapshot interval is set)
	 * @return this builder
	 */
	public EgoEngineBuilder snapshotStore(SnapshotStore store) {
		this.stores.snapshotStore = store;
		return this;
	}

	/**
	 * @param store the store of durable-state entities
	 * @return this builder
	 */
	public EgoEngineBuilder durableStateStore(DurableStateStore store) {
		this.stores.durableStateStore = store;
		return this;
	}

	/**
	 * Uses in-memory stores for whatever store is not set: for tests and quick starts.
	 * @return this builder
	 */
	public EgoEngineBuilder inMemoryStores() {
		this.stores.inMemoryDefaults();
		return this;
	}

	/**
	 * @param store where sagas keep their durable timers
	 * @return this builder
	 */
	public EgoEngineBuilder timerStore(TimerStore store) {
		this.stores.timerStore = Objects.requireNonNull(store, "store");
		return this;
	}

	/**
	 * @param store where sagas keep the status of their instances, to count and list them
	 * by status
	 * @return this builder
	 * @since 0.2.0
	 */
	public EgoEngineBuilder sagaIndexStore(SagaIndexStore store) {
		this.stores.sagaIndexStore = Objects.requireNonNull(store, "store");
		return this;
	}

	/**
	 * @param store where projections keep their offsets (and persisted pauses)
	 * @return this builder
	 */
	public EgoEngineBuilder offsetStore(OffsetStore store) {
		this.stores.offsetStore = store;
		return this;
	}

	/**
	 * @param store where projections put the events they skip
	 * @return this builder
	 */
	public EgoEngineBuilder deadLetterStore(DeadLetterStore store) {
		this.stores.deadLetterStore = store;
		return this;
	}

	/**
	 * @param transactions how transactional projections run a transaction
	 * @return this builder
	 */
	public EgoEngineBuilder projectionTransactions(ProjectionTransactions transactions) {
		this.transactions = transactions;
		return this;
	}

	/**
	 * Registers a projection with the default settings.
	 * @param name the projection's name (also its offsets' key)
	 * @param handler the handler
	 * @return this builder
	 */
	public EgoEngineBuilder projection(String name, Projection handler) {
		return projection(name, handler, ProjectionSettings.defaults());
	}

	/**
	 * Registers a projection.
	 * @param name the projection's name (also its offsets' key)
	 * @param handler the handler
	 * @param settings its settings
	 * @return this builder
	 */
	public EgoEngineBuilder projection(String name, Projection handler, ProjectionSettings settings) {
		ConfigurationValidator.checkConsumer(name, handler, settings, this.projections);
		this.projections.add(new ProjectionDefinition(name, handler, settings));
		return this;
	}

	/**
	 * Registers an event publisher: a journal reader with its own offsets (under
	 * {@code name}) that hands events to the publisher at least once, in per-entity
	 * order. Listed and operated with the projections.
	 * @param name the publisher's name (also its offsets' key)
	 * @param publisher the publisher
	 * @param settings its settings ({@code retries} and {@code retryDelay} apply; outages
	 * are retried until they pass)
	 * @return this builder
	 */
	public EgoEngineBuilder eventPublisher(String name, EventPublisher publisher, ProjectionSettings settings) {
		ConfigurationValidator.checkPublisher(name, publisher, settings, this.projections);
		this.projections.add(new EventPublisherDefinition(name, publisher, settings));
		return this;
	}

	/**
	 * Registers a state publisher: as an {@link #eventPublisher event publisher}, but
	 * reading the durable-state change feed ({@link DurableStateStore#changesAfter}): it
	 * hands the latest state of every durable-state entity over, in per-entity revision
	 * order (a state overwritten before it was read is skipped), and rebuilds from a
	 * position only (change-feed positions are not journal positions).
	 * @param name the publisher's name (also its offsets' key)
	 * @param publisher the publisher
	 * @param settings its settings, as an event publisher's
	 * @return this builder
	 */
	public EgoEngineBuilder statePublisher(String name, StatePublisher publisher, ProjectionSettings settings) {
		ConfigurationValidator.checkPublisher(name, publisher, settings, this.projections);
		this.projections.add(new StatePublisherDefinition(name, publisher, settings));
		return this;
	}

	/**
	 * Registers a consumer of the journal; retention never deletes events it has not
	 * handled.
	 * @param progress the consumer's progress
	 * @return this builder
	 */
	public EgoEngineBuilder consumerProgress(ConsumerProgress progress) {
		this.consumers.add(progress);
		return this;
	}

	/**
	 * @param settings the settings of types registered without their own
	 * @return this builder
	 */
	public EgoEngineBuilder defaults(EntitySettings settings) {
		this.defaults = settings;
		return this;
	}

	/**
	 * @param clock the clock for write times
	 * @return this builder
	 */
	public EgoEngineBuilder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/**
	 * Records the engine's observations (see
	 * {@link io.ego.core.observation.EgoObservation}): spans with a tracing handler,
	 * timers with a meter handler. Without one nothing is recorded.
	 * @param registry the application's observation registry
	 * @return this builder
	 */
	public EgoEngineBuilder observationRegistry(ObservationRegistry registry) {
		this.observationRegistry = registry;
		return this;
	}

	/**
	 * Replaces the default convention of one of the engine's observations (e.g. a
	 * {@link io.ego.core.observation.CommandObservationConvention}).
	 * @param convention the convention
	 * @return this builder
	 */
	public EgoEngineBuilder observationConvention(ObservationConvention<?> convention) {
		this.conventions.add(convention);
		return this;
	}

	/**
	 * Registers the engine's counters and gauges (live entities, activations,
	 * passivations, events persisted, write batch sizes, projection lag per worker).
	 * Needs micrometer-core on the class path.
	 * @param registry the application's meter registry
	 * @return this builder
	 */
	public EgoEngineBuilder meterRegistry(MeterRegistry registry) {
		this.metrics = new MicrometerEngineMetrics(registry);
		return this;
	}

	/**
	 * Times commands and their writes with timers of the {@link #meterRegistry meter
	 * registry} ({@code ego.command} and {@code ego.persist}, with the tags the
	 * observations' meter handler gives them) instead of observations: no observation,
	 * span or handler call per command, for an application that traces nothing. The
	 * engine's other observations (recovery, snapshots, projections, publishers, sagas)
	 * stay observations. Without a meter registry it changes nothing; off by default.
	 * @param commandMeters whether commands are timed by meters
	 * @return this builder
	 * @since 0.3.0
	 */
	public EgoEngineBuilder commandMeters(boolean commandMeters) {
		this.commandMeters = commandMeters;
		return this;
	}

	/**
	 * @param timeout how long {@link EgoEngine#close()} waits for in-flight work
	 * @return this builder
	 */
	public EgoEngineBuilder shutdownTimeout(Duration timeout) {
		this.shutdownTimeout = timeout;
		return this;
	}

	/**
	 * Registers an event-sourced entity type with the default settings.
	 * @param name the type name
	 * @param behavior the behaviour
	 * @return this builder
	 */
	public EgoEngineBuilder eventSourced(String name, EventSourcedBehavior<?> behavior) {
		return register(name, behavior, null);
	}

	/**
	 * Registers an event-sourced entity type.
	 * @param name the type name
	 * @param behavior the behaviour
	 * @param settings its settings
	 * @return this builder
	 */
	public EgoEngineBuilder eventSourced(String name, EventSourcedBehavior<?> behavior, EntitySettings settings) {
		return register(name, behavior, settings);
	}

	/**
	 * Registers a durable-state entity type with the default settings.
	 * @param name the type name
	 * @param behavior the behaviour
	 * @return this builder
	 */
	public EgoEngineBuilder durableState(String name, DurableStateBehavior<?> behavior) {
		return register(name, behavior, null);
	}

	/**
	 * Registers a durable-state entity type.
	 * @param name the type name
	 * @param behavior the behaviour
	 * @param settings its settings
	 * @return this builder
	 */
	public EgoEngineBuilder durableState(String name, DurableStateBehavior<?> behavior, EntitySettings settings) {
		return register(name, behavior, settings);
	}

	/**
	 * Registers a saga with the default settings.
	 * @param name the saga's name; its instances are entities of type {@code saga.<name>}
	 * @param behavior its behaviour
	 * @return this builder
	 */
	public EgoEngineBuilder saga(String name, SagaBehavior<?> behavior) {
		return saga(name, behavior, SagaSettings.defaults());
	}

	/**
	 * Registers a saga: a durable process manager fed from the journal (see
	 * {@link io.ego.core.saga.SagaBehavior}). It needs a {@link #timerStore timer store}
	 * and a {@link #sagaIndexStore saga index store}.
	 * @param name the saga's name; its instances are entities of type
	 * {@code saga.<name>}, fed by the projections {@code saga.<name>.reader} and
	 * {@code saga.<name>.dispatcher}
	 * @param behavior its behaviour
	 * @param settings its settings
	 * @return this builder
	 * @throws EngineConfigurationException when the name is invalid or taken
	 */
	public EgoEngineBuilder saga(String name, SagaBehavior<?> behavior, SagaSettings settings) {
		Objects.requireNonNull(behavior, "behavior");
		Objects.requireNonNull(settings, "settings");
		if (name == null || !ConfigurationValidator.NAME.matcher(name).matches()
				|| name.length() + "saga.".length() + ".dispatcher".length() > 64) {
			throw new EngineConfigurationException("invalid saga name '" + name + "': a letter or digit, then "
					+ "letters, digits, '.', '_' or '-', at most 47 characters");
		}
		for (SagaRegistration saga : this.sagas) {
			if (saga.name().equals(name)) {
				throw new EngineConfigurationException("saga '" + name + "' is registered twice");
			}
		}
		this.sagas.add(new SagaRegistration(name, behavior, settings));
		return this;
	}

	private EgoEngineBuilder register(String name, EntityBehavior<?> behavior, @Nullable EntitySettings settings) {
		ConfigurationValidator.checkEntity(name, behavior, this.registrations);
		this.registrations.add(new EntityRegistration(name, behavior, settings));
		return this;
	}

	/**
	 * Validates the configuration and starts the engine.
	 * @return the running engine
	 * @throws EngineConfigurationException naming what is missing or wrong
	 */
	public EgoEngine build() {
		List<EntityBehavior<?>> entities = new ArrayList<>();
		for (EntityRegistration registration : this.registrations) {
			entities.add(registration.behavior());
		}
		EngineSagas engineSagas = EngineSagas.create(this.sagas, entities, this.clock, this.stores.timerStore,
				this.stores.sagaIndexStore);
		for (SagaRuntime saga : engineSagas.runtimes()) {
			register(saga.entityType(), saga.entity(), null);
			projection(saga.readerName(), saga.reader(), saga.readerSettings());
			eventPublisher(saga.dispatcherName(), saga.dispatcher(), saga.dispatcherSettings());
		}
		Telemetry telemetry = Telemetry.of(this.observationRegistry, this.conventions, this.metrics,
				this.commandMeters);
		EngineConfiguration configuration = ConfigurationValidator.validate(new EngineConfiguration(
				new EngineConfiguration.Stores(this.stores.eventStore, this.stores.snapshotStore,
						this.stores.durableStateStore, this.stores.offsetStore, this.stores.deadLetterStore,
						this.stores.dataKeyStore, this.stores.erasureStore),
				this.registrations, this.projections, this.consumers, this.defaults, this.encryption, this.erasureMode,
				this.schema, this.transactions, this.clock, this.shutdownTimeout, telemetry, this.instanceId,
				this.router));
		EngineCore core = EngineAssembler.assemble(configuration);
		core.start();
		EgoEngine engine = new EgoEngine(core, engineSagas);
		engineSagas.bind(engine, telemetry);
		return engine;
	}

}
