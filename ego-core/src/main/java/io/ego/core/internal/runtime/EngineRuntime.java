package io.ego.core.internal.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.core.ErasureMode;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.NonBlockingStore;
import io.ego.core.store.SnapshotStore;
import org.jspecify.annotations.Nullable;

/**
 * What the cells of all entity types share: stores, the virtual-thread executor, a timer,
 * the clock, message types and the engine's running flag.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EngineRuntime {

	private final @Nullable EventStore eventStore;

	private final @Nullable SnapshotStore snapshotStore;

	private final @Nullable DurableStateStore durableStateStore;

	private final ConsumerProgress consumerProgress;

	private final MessageTypes messageTypes;

	private final Clock clock;

	private final boolean systemClock;

	/**
	 * The last write time handed out; racy by design (any recent instant of the same
	 * millisecond is right).
	 */
	private volatile Instant lastWriteTime = Instant.EPOCH;

	private final JournalSignal journalSignal = new JournalSignal();

	private final Telemetry telemetry;

	/** The data keys when encryption is on, else {@code null} (nothing is encrypted). */
	private final @Nullable DataKeys dataKeys;

	/** Where erasures are recorded, or {@code null} when erasure is not configured. */
	private final @Nullable ErasureStore erasureStore;

	private final ErasureMode erasureMode;

	private final SchemaEvolution schema;

	/** This application instance's id: the owner of the projection leases it holds. */
	private final String instanceId;

	/** The cluster's command router, or {@code null} without a cluster. */
	private final @Nullable CommandRouter router;

	/** Whether other instances share the stores (from the consumers' leases). */
	private final InstanceRegistry instances;

	private final ExecutorService executor = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("ego-entity-", 0).factory());

	private final ScheduledExecutorService timer;

	private final AtomicInteger backgroundTasks = new AtomicInteger();

	private volatile boolean running = true;

	/**
	 * Whether every store answers from memory
	 * ({@link io.ego.core.store.NonBlockingStore}): then a caller of {@code askAndWait}
	 * may run an idle entity on its own thread; otherwise entities run only on virtual
	 * threads, so that a caller's deadline holds however long a store takes.
	 */
	private final boolean callerRuns;

	/**
	 * Creates a runtime.
	 * @param eventStore the journal, or {@code null} when no event-sourced type is
	 * registered
	 * @param snapshotStore the snapshot store, or {@code null}
	 * @param durableStateStore the durable-state store, or {@code null}
	 * @param consumerProgress how far the journal's consumers have read (gates retention)
	 * @param messageTypes the registered message types
	 * @param clock the clock for write times
	 * @param telemetry observations and meters
	 */
	public EngineRuntime(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, ConsumerProgress consumerProgress, MessageTypes messageTypes,
			Clock clock, Telemetry telemetry) {
		this(eventStore, snapshotStore, durableStateStore, consumerProgress, messageTypes, clock, telemetry, null, null,
				ErasureMode.REJECT, SchemaEvolution.none());
	}

	/**
	 * Creates a runtime with encryption, erasure and schema evolution.
	 * @param eventStore the journal, or {@code null} when no event-sourced type is
	 * registered
	 * @param snapshotStore the snapshot store, or {@code null}
	 * @param durableStateStore the durable-state store, or {@code null}
	 * @param consumerProgress how far the journal's consumers have read (gates retention)
	 * @param messageTypes the registered message types
	 * @param clock the clock for write times
	 * @param telemetry observations and meters
	 * @param dataKeys the data keys when encryption is on, else {@code null}
	 * @param erasureStore where erasures are recorded, or {@code null}
	 * @param erasureMode what commands to erased entities do
	 * @param schema message revisions and event adapters
	 */
	public EngineRuntime(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, ConsumerProgress consumerProgress, MessageTypes messageTypes,
			Clock clock, Telemetry telemetry, @Nullable DataKeys dataKeys, @Nullable ErasureStore erasureStore,
			ErasureMode erasureMode, SchemaEvolution schema) {
		this(eventStore, snapshotStore, durableStateStore, consumerProgress, messageTypes, clock, telemetry, dataKeys,
				erasureStore, erasureMode, schema, InstanceIds.generate());
	}

	/**
	 * Creates a runtime with encryption, erasure, schema evolution and an instance id.
	 * @param eventStore the journal, or {@code null} when no event-sourced type is
	 * registered
	 * @param snapshotStore the snapshot store, or {@code null}
	 * @param durableStateStore the durable-state store, or {@code null}
	 * @param consumerProgress how far the journal's consumers have read (gates retention)
	 * @param messageTypes the registered message types
	 * @param clock the clock for write times
	 * @param telemetry observations and meters
	 * @param dataKeys the data keys when encryption is on, else {@code null}
	 * @param erasureStore where erasures are recorded, or {@code null}
	 * @param erasureMode what commands to erased entities do
	 * @param schema message revisions and event adapters
	 * @param instanceId this application instance's id, the owner of its projection
	 * leases
	 */
	public EngineRuntime(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, ConsumerProgress consumerProgress, MessageTypes messageTypes,
			Clock clock, Telemetry telemetry, @Nullable DataKeys dataKeys, @Nullable ErasureStore erasureStore,
			ErasureMode erasureMode, SchemaEvolution schema, String instanceId) {
		this(eventStore, snapshotStore, durableStateStore, consumerProgress, messageTypes, clock, telemetry, dataKeys,
				erasureStore, erasureMode, schema, instanceId, InstanceRegistry.none(instanceId));
	}

	/**
	 * Creates a runtime with encryption, erasure, schema evolution, an instance id and
	 * the registry telling whether other instances share the stores.
	 * @param eventStore the journal, or {@code null} when no event-sourced type is
	 * registered
	 * @param snapshotStore the snapshot store, or {@code null}
	 * @param durableStateStore the durable-state store, or {@code null}
	 * @param consumerProgress how far the journal's consumers have read (gates retention)
	 * @param messageTypes the registered message types
	 * @param clock the clock for write times
	 * @param telemetry observations and meters
	 * @param dataKeys the data keys when encryption is on, else {@code null}
	 * @param erasureStore where erasures are recorded, or {@code null}
	 * @param erasureMode what commands to erased entities do
	 * @param schema message revisions and event adapters
	 * @param instanceId this application instance's id, the owner of its projection
	 * leases
	 * @param instances the instance registry (entity types whose writers are {@code AUTO}
	 * ask it)
	 */
	public EngineRuntime(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, ConsumerProgress consumerProgress, MessageTypes messageTypes,
			Clock clock, Telemetry telemetry, @Nullable DataKeys dataKeys, @Nullable ErasureStore erasureStore,
			ErasureMode erasureMode, SchemaEvolution schema, String instanceId, InstanceRegistry instances) {
		this(eventStore, snapshotStore, durableStateStore, consumerProgress, messageTypes, clock, telemetry, dataKeys,
				erasureStore, erasureMode, schema, instanceId, instances, null);
	}

	/**
	 * Creates a runtime with everything, a cluster's command router too.
	 * @param eventStore the journal, or {@code null} when no event-sourced type is
	 * registered
	 * @param snapshotStore the snapshot store, or {@code null}
	 * @param durableStateStore the durable-state store, or {@code null}
	 * @param consumerProgress how far the journal's consumers have read (gates retention)
	 * @param messageTypes the registered message types
	 * @param clock the clock for write times
	 * @param telemetry observations and meters
	 * @param dataKeys the data keys when encryption is on, else {@code null}
	 * @param erasureStore where erasures are recorded, or {@code null}
	 * @param erasureMode what commands to erased entities do
	 * @param schema message revisions and event adapters
	 * @param instanceId this application instance's id, the owner of its projection
	 * leases
	 * @param instances the instance registry (entity types whose writers are {@code AUTO}
	 * ask it)
	 * @param router where the commands of entities owned by other members go, or
	 * {@code null} without a cluster
	 */
	public EngineRuntime(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, ConsumerProgress consumerProgress, MessageTypes messageTypes,
			Clock clock, Telemetry telemetry, @Nullable DataKeys dataKeys, @Nullable ErasureStore erasureStore,
			ErasureMode erasureMode, SchemaEvolution schema, String instanceId, InstanceRegistry instances,
			@Nullable CommandRouter router) {
		this.router = router;
		this.instanceId = instanceId;
		this.instances = instances;
		this.dataKeys = dataKeys;
		this.erasureStore = erasureStore;
		this.erasureMode = erasureMode;
		this.schema = schema;
		this.telemetry = telemetry;
		this.eventStore = eventStore;
		this.snapshotStore = snapshotStore;
		this.durableStateStore = durableStateStore;
		this.consumerProgress = consumerProgress;
		this.messageTypes = messageTypes;
		this.clock = clock;
		this.systemClock = clock.equals(Clock.systemUTC());
		this.callerRuns = nonBlocking(eventStore) && nonBlocking(snapshotStore) && nonBlocking(durableStateStore)
				&& nonBlocking(erasureStore) && (dataKeys == null || nonBlocking(dataKeys.store()));
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "ego-timer");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		this.timer = timer;
	}

	private static boolean nonBlocking(@Nullable Object store) {
		return store == null || store instanceof NonBlockingStore;
	}

	/**
	 * Returns the time to stamp on what is written now. With the system clock, one
	 * {@link Instant} is shared per millisecond (write times have millisecond precision),
	 * so that a write does not allocate one.
	 * @return the write time
	 */
	public Instant writeTime() {
		if (!this.systemClock) {
			return this.clock.instant();
		}
		long millis = System.currentTimeMillis();
		Instant cached = this.lastWriteTime;
		if (cached.toEpochMilli() == millis) {
			return cached;
		}
		Instant now = Instant.ofEpochMilli(millis);
		this.lastWriteTime = now;
		return now;
	}

	/**
	 * @return whether commands are accepted
	 */
	public boolean isRunning() {
		return this.running;
	}

	public void execute(Runnable task) {
		this.executor.execute(task);
	}

	/** Runs a background task (snapshot, retention) that shutdown waits for. */
	public void executeBackground(Runnable task) {
		this.backgroundTasks.incrementAndGet();
		try {
			this.executor.execute(() -> {
				try {
					task.run();
				}
				finally {
					this.backgroundTasks.decrementAndGet();
				}
			});
		}
		catch (RuntimeException ex) {
			this.backgroundTasks.decrementAndGet();
			throw ex;
		}
	}

	/** Stops accepting commands. */
	public void stopAccepting() {
		this.running = false;
	}

	/**
	 * Waits for background tasks, then stops the threads.
	 * @param deadlineNanos when to give up waiting
	 */
	public void shutdown(long deadlineNanos) {
		while (this.backgroundTasks.get() > 0 && System.nanoTime() - deadlineNanos < 0) {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.timer.shutdownNow();
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * @return the engine's {@code eventStore}
	 */
	public @Nullable EventStore eventStore() {
		return this.eventStore;
	}

	/**
	 * @return the engine's {@code snapshotStore}
	 */
	public @Nullable SnapshotStore snapshotStore() {
		return this.snapshotStore;
	}

	/**
	 * @return the engine's {@code durableStateStore}
	 */
	public @Nullable DurableStateStore durableStateStore() {
		return this.durableStateStore;
	}

	/**
	 * @return the engine's {@code consumerProgress}
	 */
	public ConsumerProgress consumerProgress() {
		return this.consumerProgress;
	}

	/**
	 * @return the engine's {@code messageTypes}
	 */
	public MessageTypes messageTypes() {
		return this.messageTypes;
	}

	/**
	 * @return the engine's {@code clock}
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * @return the engine's {@code journalSignal}
	 */
	public JournalSignal journalSignal() {
		return this.journalSignal;
	}

	/**
	 * @return the engine's {@code telemetry}
	 */
	public Telemetry telemetry() {
		return this.telemetry;
	}

	/**
	 * @return the engine's {@code dataKeys}
	 */
	public @Nullable DataKeys dataKeys() {
		return this.dataKeys;
	}

	/**
	 * @return the engine's {@code erasureStore}
	 */
	public @Nullable ErasureStore erasureStore() {
		return this.erasureStore;
	}

	/**
	 * @return the engine's {@code erasureMode}
	 */
	public ErasureMode erasureMode() {
		return this.erasureMode;
	}

	/**
	 * @return the engine's {@code schema}
	 */
	public SchemaEvolution schema() {
		return this.schema;
	}

	/**
	 * @return the cluster's command router, or {@code null} without a cluster
	 */
	public @Nullable CommandRouter router() {
		return this.router;
	}

	/**
	 * @return this application instance's id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * @return the registry telling whether other instances share the stores
	 */
	public InstanceRegistry instances() {
		return this.instances;
	}

	/**
	 * @return the engine's {@code timer}
	 */
	public ScheduledExecutorService timer() {
		return this.timer;
	}

	/**
	 * @return the engine's {@code callerRuns}
	 */
	public boolean callerRuns() {
		return this.callerRuns;
	}

}
