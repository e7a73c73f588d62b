package io.ego.core.internal.entity;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.DurableStateBehavior;
import io.ego.core.EgoException;
import io.ego.core.EntityBehavior;
import io.ego.core.EntitySettings;
import io.ego.core.EntityState;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.InvalidEntityIdException;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.telemetry.EngineMetrics;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.Identifiers;
import org.jspecify.annotations.Nullable;

/**
 * One registered entity type: its behaviour, settings and the directory of its live
 * cells.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
public final class EntityType<S extends Message> {

	/** The longest entity id, in UTF-16 code units. */
	public static final int MAX_ID_LENGTH = 200;

	final String name;

	final EntityBehavior<S> behavior;

	final EntitySettings settings;

	final EngineRuntime engine;

	private final String persistenceIdPrefix;

	private final Map<String, Cell<S>> cells = new ConcurrentHashMap<>();

	private final BiFunction<EntityType<S>, String, Cell<S>> cellFactory;

	final EngineMetrics.EntityMetrics metrics;

	/** Whether commands and writes are timed by the meters instead of observations. */
	private final boolean timedByMeters;

	/** Sends commands to the cells and answers them within the ask timeout. */
	private final AskPath<S> asks;

	private final LiveLimit liveLimit;

	/**
	 * Where the entities owned by other members are sent; {@code null} without a cluster.
	 */
	private final @Nullable CommandRouter router;

	private final @Nullable Forwarding<S> forwarding;

	private EntityType(String name, EntityBehavior<S> behavior, EntitySettings settings, EngineRuntime engine,
			BiFunction<EntityType<S>, String, Cell<S>> cellFactory) {
		this.name = name;
		this.behavior = behavior;
		this.settings = settings;
		this.engine = engine;
		this.persistenceIdPrefix = name + "|";
		this.cellFactory = cellFactory;
		this.liveLimit = new LiveLimit(settings.maxLive());
		this.metrics = engine.telemetry().metrics().entityType(name, this::liveEntities);
		this.timedByMeters = engine.telemetry().timesCommands();
		this.asks = new AskPath<>(name, settings.askTimeout(), engine, this::cell, this::persistenceId,
				this.timedByMeters ? this.metrics : null);
		this.router = engine.router();
		this.forwarding = (this.router != null) ? new Forwarding<>(this, this.router) : null;
	}

	/**
	 * Times a write of an entity's events or state, when writes are timed by meters
	 * instead of observations.
	 * @param startedNanos when it started ({@link System#nanoTime()})
	 * @param outcome {@code success} or {@code failure}
	 * @param error why it failed, or {@code null}
	 */
	void writeTimed(long startedNanos, String outcome, @Nullable Throwable error) {
		if (!this.timedByMeters) {
			return;
		}
		try {
			this.metrics.persistCompleted(outcome, error, System.nanoTime() - startedNanos);
		}
		catch (Throwable ex) {
			Telemetry.meterFailed(ex);
		}
	}

	/**
	 * Creates an event-sourced entity type.
	 * @param name the type name
	 * @param behavior the behaviour
	 * @param settings the settings
	 * @param engine the runtime
	 * @param <S> the state type
	 * @return the type
	 */
	public static <S extends Message> EntityType<S> eventSourced(String name, EventSourcedBehavior<S> behavior,
			EntitySettings settings, EngineRuntime engine) {
		return new EntityType<>(name, behavior, settings, engine, EventSourcedCell::new);
	}

	/**
	 * Creates a durable-state entity type.
	 * @param name the type name
	 * @param behavior the behaviour
	 * @param settings the settings
	 * @param engine the runtime
	 * @param <S> the state type
	 * @return the type
	 */
	public static <S extends Message> EntityType<S> durableState(String name, DurableStateBehavior<S> behavior,
			EntitySettings settings, EngineRuntime engine) {
		return new EntityType<>(name, behavior, settings, engine, DurableStateCell::new);
	}

	/**
	 * @return the type name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * @return the behaviour
	 */
	public EntityBehavior<S> behavior() {
		return this.behavior;
	}

	/**
	 * @return the settings
	 */
	public EntitySettings settings() {
		return this.settings;
	}

	/**
	 * @return the number of live (activated, not passivated) entities
	 */
	public int liveEntities() {
		return this.cells.size();
	}

	String persistenceId(String entityId) {
		return this.persistenceIdPrefix + entityId;
	}

	/**
	 * Sends a command and waits for its reply, at most the ask timeout. When every store
	 * is in memory and the entity is idle, the command runs on the calling thread;
	 * otherwise on a virtual thread, so that the deadline holds however long the store
	 * takes.
	 * @param entityId the entity id
	 * @param command the command
	 * @param commandId the command's id, or {@code null}
	 * @return the reply
	 */
	public CommandReply<S> askAndWait(String entityId, Message command, @Nullable String commandId) {
		Forwarding<S> elsewhere = ownedElsewhere(entityId);
		return (elsewhere != null) ? elsewhere.askAndWait(entityId, command, commandId)
				: this.asks.askAndWait(entityId, command, commandId);
	}

	/**
	 * Sends a command without blocking; the entity runs on a virtual thread.
	 * @param entityId the entity id
	 * @param command the command
	 * @param commandId the command's id, or {@code null}
	 * @return the future reply, completed (never exceptionally) within the ask timeout
	 */
	public CompletableFuture<CommandReply<S>> ask(String entityId, Message command, @Nullable String commandId) {
		Forwarding<S> elsewhere = ownedElsewhere(entityId);
		return (elsewhere != null) ? elsewhere.ask(entityId, command, commandId)
				: this.asks.ask(entityId, command, commandId);
	}

	/**
	 * Runs a command here, on this member, without asking the router (a command forwarded
	 * to this member, which checked that it owns the entity).
	 * @param entityId the entity id
	 * @param command the command
	 * @param commandId the command's id, or {@code null}
	 * @return the future reply, completed (never exceptionally) within the ask timeout
	 */
	public CompletableFuture<CommandReply<S>> askHere(String entityId, Message command, @Nullable String commandId) {
		return this.asks.ask(entityId, command, commandId);
	}

	/**
	 * Runs a command forwarded by another member, without asking the router and without
	 * blocking; on the calling thread when the stores answer from memory and the entity
	 * is idle (see {@link AskPath#askForwarded}).
	 * @param entityId the entity id
	 * @param command the command
	 * @param commandId the command's id, or {@code null}
	 * @return the future reply
	 */
	public CompletableFuture<CommandReply<S>> askForwarded(String entityId, Message command,
			@Nullable String commandId) {
		return this.asks.askForwarded(entityId, command, commandId);
	}

	/**
	 * Runs a command here and waits for its reply, without asking the router; see
	 * {@link #askHere} and {@link #askAndWait}.
	 * @param entityId the entity id
	 * @param command the command
	 * @param commandId the command's id, or {@code null}
	 * @return the reply
	 */
	public CommandReply<S> askHereAndWait(String entityId, Message command, @Nullable String commandId) {
		return this.asks.askAndWait(entityId, command, commandId);
	}

	/**
	 * Reads an entity's state here and waits for it, without asking the router.
	 * @param entityId the entity id
	 * @return the state and revision
	 */
	public EntityState<S> stateHereAndWait(String entityId) {
		return EntityReads.state(this, entityId);
	}

	/**
	 * Reads an entity's state here, without asking the router; see {@link #askHere}.
	 * @param entityId the entity id
	 * @return the state and revision
	 */
	public CompletableFuture<EntityState<S>> stateHere(String entityId) {
		return EntityReads.stateAsync(this, entityId);
	}

	/**
	 * @return the forwarding path when another member owns the entity, else {@code null}
	 * (no cluster, or the entity is local)
	 */
	private @Nullable Forwarding<S> ownedElsewhere(String entityId) {
		CommandRouter router = this.router;
		if (router == null) {
			return null;
		}
		if (router.isLocal(this.name, entityId)) {
			return null; // the local path validates the id when it activates the cell
		}
		validateId(entityId);
		return this.forwarding;
	}

	/**
	 * Passivates the idle live cells whose persistence id matches.
	 * @param persistenceIds which cells
	 * @return how many matching cells are still live (busy)
	 */
	public int passivateWhere(Predicate<String> persistenceIds) {
		int left = 0;
		for (Cell<S> cell : this.cells.values()) {
			if (persistenceIds.test(cell.persistenceId) && !cell.tryPassivate()) {
				left++;
			}
		}
		return left;
	}

	/**
	 * @param persistenceIds which cells
	 * @return how many live cells match
	 */
	public int countLive(Predicate<String> persistenceIds) {
		int count = 0;
		for (Cell<S> cell : this.cells.values()) {
			if (persistenceIds.test(cell.persistenceId)) {
				count++;
			}
		}
		return count;
	}

	void route(String entityId, Pending<S> pending) {
		Cell<S> cell = cell(entityId);
		cell.mailbox.enqueue(pending);
		cell.schedule();
	}

	Cell<S> cell(String entityId) {
		Cell<S> cell = this.cells.get(entityId);
		if (cell != null) {
			// used now: max-live passivates the least recently used first
			cell.lastActiveNanos = System.nanoTime();
			return cell;
		}
		validateId(entityId);
		cell = this.cells.computeIfAbsent(entityId, (id) -> {
			this.metrics.activated();
			return this.cellFactory.apply(this, id);
		});
		int live = this.cells.size();
		if (this.liveLimit.exceeded(live)) {
			this.liveLimit.evict(this.cells.values(), live, cell);
		}
		return cell;
	}

	/**
	 * Tells whether other engines may write this type's entities now: pinned by the
	 * {@code writers} setting, or ({@code AUTO}) whether the instance registry knows of
	 * another live instance.
	 * @return whether reads and decisions that write nothing check the store's head
	 */
	boolean sharedWriters() {
		return switch (this.settings.writers()) {
			case SINGLE -> false;
			case SHARED -> true;
			case AUTO -> this.engine.instances().othersAlive();
		};
	}

	/**
	 * Reads an entity's state; see {@link io.ego.core.EntityRef#state()}.
	 * @param entityId the entity id
	 * @return the state and revision
	 */
	public EntityState<S> state(String entityId) {
		Forwarding<S> elsewhere = ownedElsewhere(entityId);
		return (elsewhere != null) ? elsewhere.state(entityId) : EntityReads.state(this, entityId);
	}

	/**
	 * Reads an entity's state without blocking; see
	 * {@link io.ego.core.EntityRef#stateAsync()}.
	 * @param entityId the entity id
	 * @return the state and revision
	 */
	public CompletableFuture<EntityState<S>> stateAsync(String entityId) {
		Forwarding<S> elsewhere = ownedElsewhere(entityId);
		return (elsewhere != null) ? elsewhere.stateAsync(entityId) : EntityReads.stateAsync(this, entityId);
	}

	/**
	 * Asks an entity to snapshot its state at its head: see
	 * {@link io.ego.core.EntityRef#snapshotAsync()}.
	 * @param entityId the entity id
	 * @return the state and revision snapshotted
	 */
	public CompletableFuture<EntityState<S>> snapshotAsync(String entityId) {
		return EntityReads.snapshotAsync(this, entityId);
	}

	private void validateId(String entityId) {
		if (entityId.isEmpty() || entityId.isBlank()) {
			throw new InvalidEntityIdException("entity id of '" + this.name + "' must not be blank");
		}
		if (entityId.length() > MAX_ID_LENGTH) {
			throw new InvalidEntityIdException("entity id of '" + this.name + "' is " + entityId.length()
					+ " characters long; the maximum is " + MAX_ID_LENGTH);
		}
		int unpaired = Identifiers.unpairedSurrogateAt(entityId);
		if (unpaired >= 0) {
			throw new InvalidEntityIdException(
					Identifiers.describe("entity id of '" + this.name + "'", entityId, unpaired));
		}
		for (int i = 0; i < entityId.length(); i++) {
			if (Character.isISOControl(entityId.charAt(i))) {
				throw new InvalidEntityIdException("entity id of '" + this.name + "' contains a control character at "
						+ i + ": '" + entityId.replaceAll("\\p{Cntrl}", "?") + "'");
			}
		}
	}

	void remove(Cell<S> cell) {
		if (this.cells.remove(cell.entityId, cell)) {
			this.metrics.passivated();
		}
	}

	/**
	 * Passivates the cells idle for longer than the passivation setting.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return how many were passivated
	 */
	public int passivateIdle(long nowNanos) {
		long idle = this.settings.passivateAfter().toNanos();
		int count = 0;
		for (Cell<S> cell : this.cells.values()) {
			if (nowNanos - cell.lastActiveNanos >= idle && cell.tryPassivate()) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Erases an entity (see {@link io.ego.core.EgoEngine#eraseEntity}): acquires its cell
	 * so that no command runs meanwhile (commands sent meanwhile wait, then see the
	 * erasure), stops its snapshot writer, erases what is stored, then passivates the
	 * cell.
	 * @param entityId the entity id
	 * @param consumers the journal's consumers (whose dead letters of the entity are
	 * deleted)
	 * @param deadLetters the dead-letter store, if any
	 * @param deadlineNanos how long to wait for the entity's in-flight work
	 * @param force whether to erase (and block) an id that has no history
	 * @return the erasure marker
	 * @throws io.ego.core.EntityNotFoundException when the entity has no history and
	 * {@code force} is not set
	 */
	public ErasureMarker erase(String entityId, Collection<String> consumers, @Nullable DeadLetterStore deadLetters,
			long deadlineNanos, boolean force) {
		validateId(entityId);
		if (this.engine.erasureStore() == null) {
			throw new IllegalStateException(
					"erasing '" + persistenceId(entityId) + "' needs an erasure store; " + "none is configured");
		}
		for (;;) {
			Cell<S> cell = cell(entityId);
			if (!cell.acquireExclusively(deadlineNanos)) {
				throw new EgoException("could not erase '" + cell.persistenceId
						+ "': the entity stayed busy until the deadline; try again");
			}
			if (cell.isPassivated()) {
				// it left the directory meanwhile: erase through its successor
				cell.release();
				continue;
			}
			try {
				if (!cell.quiesceForErasure(deadlineNanos)) {
					throw new EgoException("could not erase '" + cell.persistenceId
							+ "': its snapshot write did not finish until the deadline; try again");
				}
				return Erasure.eraseStored(this, cell.persistenceId, cell.slice, consumers, deadLetters, force);
			}
			finally {
				// the next command recovers afresh and sees the erasure
				cell.passivateOwned();
			}
		}
	}

	/**
	 * Acquires every live cell for shutdown (in-flight work finishes first; queued
	 * commands fail).
	 * @param deadlineNanos when to give up
	 * @return whether every cell was acquired in time
	 */
	public boolean drainForShutdown(long deadlineNanos) {
		boolean all = true;
		for (Cell<S> cell : this.cells.values()) {
			all &= cell.acquireForShutdown(deadlineNanos);
		}
		return all;
	}

}
