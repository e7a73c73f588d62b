package io.ego.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ego.core.EgoException;
import io.ego.core.EngineStoppedException;
import io.ego.core.EntityTypeInfo;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.InvalidEntityIdException;
import io.ego.core.UnknownEntityTypeException;
import io.ego.core.cluster.CommandNotForwardedException;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.cluster.ForwardedCommand;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.internal.consumer.JournalConsumers;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.entity.EntityType;
import io.ego.core.internal.entity.ForwardedReplies;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.projection.Projections;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.ErasureMarker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running engine behind the {@code EgoEngine} facade: its entity types, journal
 * consumers, passivation sweep and shutdown. Built by {@link EngineAssembler}; threads
 * start only in {@link #start()}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EngineCore {

	private static final Logger logger = LoggerFactory.getLogger(EngineCore.class);

	private final EngineRuntime runtime;

	private final Map<String, EntityType<?>> types;

	/**
	 * Types by behaviour class; {@code null} for a class registered under several names.
	 */
	private final Map<Class<?>, @Nullable EntityType<?>> typesByBehavior;

	private final JournalConsumers consumers;

	private final @Nullable DataKeys dataKeys;

	private final EngineConfiguration configuration;

	private @Nullable ScheduledExecutorService passivator;

	private volatile boolean closed;

	EngineCore(EngineConfiguration configuration, EngineRuntime runtime, Map<String, EntityType<?>> types,
			JournalConsumers consumers, @Nullable DataKeys dataKeys) {
		this.configuration = configuration;
		this.runtime = runtime;
		this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
		Map<Class<?>, @Nullable EntityType<?>> byBehavior = new LinkedHashMap<>();
		for (EntityType<?> type : types.values()) {
			Class<?> behaviorClass = type.behavior().getClass();
			byBehavior.put(behaviorClass, byBehavior.containsKey(behaviorClass) ? null : type);
		}
		this.typesByBehavior = byBehavior;
		this.consumers = consumers;
		this.dataKeys = dataKeys;
	}

	/** Starts the passivation sweep and the consumers that start by themselves. */
	public synchronized void start() {
		if (this.passivator != null) {
			return;
		}
		CommandRouter router = this.configuration.router();
		if (router != null) {
			router.start(new EngineLocalCommands(this, router));
		}
		ScheduledExecutorService passivator = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "ego-passivation");
			thread.setDaemon(true);
			return thread;
		});
		long period = sweepPeriodMillis();
		passivator.scheduleWithFixedDelay(this::passivateIdle, period, period, TimeUnit.MILLISECONDS);
		this.passivator = passivator;
		this.consumers.start();
	}

	private long sweepPeriodMillis() {
		long shortest = this.types.values()
			.stream()
			.mapToLong((type) -> type.settings().passivateAfter().toMillis())
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
			catch (Throwable ex) {
				// the sweep runs on a scheduled executor: anything escaping would end it
				// for good
				logger.warn("Passivation of '{}' entities failed", type.name(), ex);
			}
		}
	}

	/**
	 * @param behaviorClass a behaviour's class
	 * @return the one type registered with it
	 * @throws UnknownEntityTypeException when the class is not registered, or registered
	 * under several names
	 */
	public EntityType<?> type(Class<?> behaviorClass) {
		EntityType<?> type = this.typesByBehavior.get(behaviorClass);
		if (type == null) {
			throw new UnknownEntityTypeException(this.typesByBehavior.containsKey(behaviorClass)
					? "behaviour " + behaviorClass.getName()
							+ " is registered under several type names; use entity(name, id)"
					: "no entity type is registered with behaviour " + behaviorClass.getName() + "; registered: "
							+ this.types.keySet());
		}
		return type;
	}

	/**
	 * @param name a type name
	 * @return the type
	 * @throws UnknownEntityTypeException when no type has that name
	 */
	public EntityType<?> type(String name) {
		EntityType<?> type = this.types.get(name);
		if (type == null) {
			throw new UnknownEntityTypeException(
					"unknown entity type '" + name + "'; registered: " + this.types.keySet());
		}
		return type;
	}

	/**
	 * @param entityId an entity id as a caller passed it
	 * @return the id
	 * @throws InvalidEntityIdException when it is null
	 */
	public static String requireId(@Nullable String entityId) {
		if (entityId == null) {
			throw new InvalidEntityIdException("entity id must not be null");
		}
		return entityId;
	}

	/**
	 * @return the registered entity types with their settings and live entity counts
	 */
	public List<EntityTypeInfo> entityTypes() {
		List<EntityTypeInfo> result = new ArrayList<>();
		for (EntityType<?> type : this.types.values()) {
			EntityTypeInfo.Kind kind = (type.behavior() instanceof EventSourcedBehavior)
					? EntityTypeInfo.Kind.EVENT_SOURCED : EntityTypeInfo.Kind.DURABLE_STATE;
			result.add(new EntityTypeInfo(type.name(), kind, type.behavior().getClass().getName(), type.settings(),
					type.liveEntities()));
		}
		return result;
	}

	/**
	 * @return the engine's runtime: its stores, codecs and journal signal
	 */
	public EngineRuntime runtime() {
		return this.runtime;
	}

	/**
	 * @return the operations on the projections and publishers
	 */
	public Projections projections() {
		return this.consumers.projections();
	}

	/**
	 * Erases an entity; see {@code EgoEngine.eraseEntity}.
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @param force whether to erase an entity that has no history
	 * @return the erasure marker
	 */
	public ErasureMarker erase(String entityType, String entityId, boolean force) {
		type(entityType);
		requireId(entityId);
		if (!this.runtime.isRunning()) {
			throw new EngineStoppedException("engine stopped: '" + entityType + "|" + entityId + "' not erased");
		}
		CommandRouter router = this.configuration.router();
		if (router != null && !router.isLocal(entityType, entityId)) {
			return eraseOnOwner(router, entityType, entityId, force);
		}
		return eraseHere(entityType, entityId, force);
	}

	/**
	 * Erases an entity here, without asking the router (an erasure forwarded to this
	 * member, which owns the entity).
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @param force whether to erase an entity that has no history
	 * @return the erasure marker
	 */
	ErasureMarker eraseHere(String entityType, String entityId, boolean force) {
		EntityType<?> type = type(entityType);
		requireId(entityId);
		if (!this.runtime.isRunning()) {
			throw new EngineStoppedException("engine stopped: '" + entityType + "|" + entityId + "' not erased");
		}
		return type.erase(entityId, this.consumers.deadLetterConsumers(), this.configuration.stores().deadLetterStore(),
				System.nanoTime() + this.configuration.shutdownTimeout().toNanos(), force);
	}

	/**
	 * Erases an entity on the member that owns it, where no command of it runs meanwhile;
	 * sent again while the owner is moving (an erasure is idempotent).
	 */
	private ErasureMarker eraseOnOwner(CommandRouter router, String entityType, String entityId, boolean force) {
		String persistenceId = entityType + "|" + entityId;
		long deadline = System.nanoTime() + this.configuration.shutdownTimeout().toNanos();
		try {
			for (;;) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new EgoException("could not erase '" + persistenceId + "': its owner did not answer within "
							+ this.configuration.shutdownTimeout() + "; try again (an erasure is idempotent)");
				}
				ForwardedReply reply;
				try {
					reply = router.forwardAndWait(new ForwardedCommand(ForwardedCommand.Kind.ERASE, entityType,
							entityId, force ? "force" : "", "", new byte[0], null, left));
				}
				catch (CommandNotForwardedException | ExecutionException ex) {
					Thread.sleep(10);
					continue;
				}
				catch (TimeoutException ex) {
					continue;
				}
				if (reply.outcome() == ForwardedReply.Outcome.NOT_OWNER
						|| reply.outcome() == ForwardedReply.Outcome.ENGINE_STOPPED) {
					Thread.sleep(10);
					continue;
				}
				if (reply.outcome() != ForwardedReply.Outcome.ACCEPTED) {
					throw ForwardedReplies.error(reply, "the erasure of '" + persistenceId + "'");
				}
				return new ErasureMarker(persistenceId, entityType, reply.revision(), Instant.parse(reply.message()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EgoException("interrupted while erasing '" + persistenceId + "' on its owner; try again", ex);
		}
	}

	/**
	 * @return how many data keys were rewrapped with the current master key
	 * @throws IllegalStateException when encryption is not configured
	 */
	public long rewrapDataKeys() {
		if (this.dataKeys == null) {
			throw new IllegalStateException("encryption is not configured: there are no data keys to rewrap");
		}
		return this.dataKeys.rewrap();
	}

	/**
	 * @return this application instance's id
	 */
	public String instanceId() {
		return this.configuration.instanceId();
	}

	/**
	 * @return how far the journal's consumers have read, as retention sees it
	 */
	public ConsumerProgress consumerProgress() {
		return this.runtime.consumerProgress();
	}

	/**
	 * @return whether the engine accepts commands
	 */
	public boolean isRunning() {
		return this.runtime.isRunning();
	}

	/** Stops gracefully; see {@code EgoEngine.close}. Idempotent. */
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		Duration timeout = this.configuration.shutdownTimeout();
		this.runtime.stopAccepting();
		if (this.passivator != null) {
			this.passivator.shutdownNow();
		}
		this.consumers.shutdown(System.nanoTime() + timeout.toNanos());
		long deadline = System.nanoTime() + timeout.toNanos();
		for (EntityType<?> type : this.types.values()) {
			if (!type.drainForShutdown(deadline)) {
				logger.warn("Entities of '{}' still busy after {}; stopping anyway", type.name(), timeout);
			}
		}
		CommandRouter router = this.configuration.router();
		if (router != null) {
			try {
				router.stop();
			}
			catch (Throwable ex) {
				logger.warn("The cluster's command router did not stop cleanly", ex);
			}
		}
		this.runtime.shutdown(deadline);
	}

	/**
	 * @return the entity types
	 */
	Collection<EntityType<?>> types() {
		return this.types.values();
	}

}
