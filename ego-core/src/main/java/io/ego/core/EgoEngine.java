package io.ego.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import com.google.protobuf.Message;
import io.ego.core.internal.consumer.EngineJournalReader;
import io.ego.core.internal.engine.ConfigurationValidator;
import io.ego.core.internal.engine.EngineCore;
import io.ego.core.internal.entity.EntityType;
import io.ego.core.internal.entity.LocalEntityRef;
import io.ego.core.internal.saga.EngineSagas;
import io.ego.core.projection.JournalReader;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.Projections;
import io.ego.core.saga.Sagas;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.ErasureMarker;

/**
 * The engine: routes commands to single-writer entities, activated on demand and
 * passivated when idle. Plain Java; the Spring Boot starter builds one as a bean.
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

	/**
	 * Entity type names: a letter or digit, then letters, digits, {@code . _ -}; at most
	 * 64 characters.
	 */
	public static final Pattern TYPE_NAME = ConfigurationValidator.NAME;

	private final EngineCore core;

	private final EngineSagas sagas;

	private final Projections projections;

	EgoEngine(EngineCore core, EngineSagas sagas) {
		this.core = core;
		this.sagas = sagas;
		this.projections = sagas.guard(core.projections());
	}

	/**
	 * @return a builder
	 */
	public static EgoEngineBuilder builder() {
		return new EgoEngineBuilder();
	}

	/**
	 * Returns a typed reference to an entity of the type registered with a behaviour
	 * class.
	 * @param behaviorClass the behaviour's class, registered under exactly one type name
	 * @param entityId the entity id
	 * @param <S> the state type
	 * @param <B> the behaviour type
	 * @return the reference
	 * @throws UnknownEntityTypeException when the class is not registered, or registered
	 * under several names
	 */
	@SuppressWarnings("unchecked")
	public <S extends Message, B extends EntityBehavior<S>> EntityRef<S> entity(Class<B> behaviorClass,
			String entityId) {
		return new LocalEntityRef<>((EntityType<S>) this.core.type(behaviorClass), EngineCore.requireId(entityId));
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
		return new LocalEntityRef<>((EntityType<S>) this.core.type(entityType), EngineCore.requireId(entityId));
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

	/**
	 * @return the registered entity types with their settings and live entity counts
	 */
	public List<EntityTypeInfo> entityTypes() {
		return this.core.entityTypes();
	}

	/**
	 * @return the operations on the engine's projections
	 */
	public Projections projections() {
		return this.projections;
	}

	/**
	 * Returns a new read-only reader of the journal by position, for connectors that keep
	 * their readers' positions themselves (one reader per thread).
	 * @return the reader
	 * @throws IllegalStateException when the engine has no event store
	 * @since 0.2.0
	 */
	public JournalReader journalReader() {
		return new EngineJournalReader(this.core.runtime());
	}

	/**
	 * Erases an entity (GDPR erasure by crypto-shredding). Blocks until done:
	 * <ol>
	 * <li>takes the entity's live cell, waiting for the command or write in flight
	 * (commands sent meanwhile wait), and stops its snapshot writer;</li>
	 * <li>records an {@link ErasureMarker erasure marker} and, for an event-sourced
	 * entity with a history, appends an {@link io.ego.core.v1.EntityErased} tombstone
	 * after its last event, which every projection and publisher receives (see
	 * {@link Projection#onErased});</li>
	 * <li>deletes the entity's data keys (crypto-shredding: its encrypted events,
	 * snapshots and states can never be read again, in the store, in backups or in dead
	 * letters), its snapshots or durable state, and its dead letters;</li>
	 * <li>without encryption (or when some of its events were written before encryption
	 * was on) deletes its events physically, up to the last erased one; the journal keeps
	 * the entity's highest sequence number and the tombstone;</li>
	 * <li>passivates the cell: the next command to the entity is rejected with an
	 * {@link EntityErasedException} ({@link ErasureMode#REJECT}, the default) or starts a
	 * fresh history ({@link ErasureMode#FRESH_HISTORY}).</li>
	 * </ol>
	 * With encryption the events stay in the journal, unreadable: projections and
	 * publishers that read them later receive {@link io.ego.core.v1.ErasedEvent} markers
	 * instead (skipped by default) and never halt on them. Erasing again is harmless;
	 * when an erasure fails part-way (a store failure), the entity is already treated as
	 * erased, and erasing it again completes it. Read models, published copies and
	 * backups of unencrypted data are the application's to handle (the tombstone tells
	 * projections and publishers).
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @return the erasure marker
	 * @throws UnknownEntityTypeException when no type has that name
	 * @throws EntityNotFoundException when the entity has no history (was never written
	 * nor erased): erasing a mistyped id would block it for good; see
	 * {@link #eraseEntity(String, String, boolean)}
	 * @throws EngineStoppedException when the engine is closed
	 * @throws IllegalStateException when no erasure store is configured
	 */
	public ErasureMarker eraseEntity(String entityType, String entityId) {
		return eraseEntity(entityType, entityId, false);
	}

	/**
	 * Erases an entity like {@link #eraseEntity(String, String)}; with {@code force},
	 * also one without a history (its id is then blocked, or starts a fresh history, per
	 * the erasure mode).
	 * @param entityType the type name
	 * @param entityId the entity id
	 * @param force whether to erase an entity that has no history
	 * @return the erasure marker
	 * @throws UnknownEntityTypeException when no type has that name
	 * @throws EntityNotFoundException when the entity has no history and {@code force} is
	 * not set
	 * @throws EngineStoppedException when the engine is closed
	 * @throws IllegalStateException when no erasure store is configured
	 */
	public ErasureMarker eraseEntity(String entityType, String entityId, boolean force) {
		return this.core.erase(entityType, entityId, force);
	}

	/**
	 * Rewraps every stored data key that is not wrapped by the current master key with it
	 * (after a master key rotation); the older master keys can be retired afterwards.
	 * Payloads are not touched. Safe to run while the engine works, and again.
	 * @return how many data keys were rewrapped
	 * @throws IllegalStateException when encryption is not configured
	 * @throws io.ego.core.encryption.EncryptionException when a data key does not unwrap
	 */
	public long rewrapDataKeys() {
		return this.core.rewrapDataKeys();
	}

	/**
	 * Returns the id of this application instance: the owner of the projection leases it
	 * holds, shown per worker in {@link ProjectionStatus.Worker#owner()}.
	 * @return the instance id
	 */
	public String instanceId() {
		return this.core.instanceId();
	}

	/**
	 * @return how far the journal's consumers have read, as retention sees it (for tests)
	 */
	ConsumerProgress consumerProgress() {
		return this.core.consumerProgress();
	}

	/**
	 * @return the sagas: start instances, read their status, retry or cancel them
	 */
	public Sagas sagas() {
		return this.sagas;
	}

	/**
	 * @return whether the engine accepts commands
	 */
	public boolean isRunning() {
		return this.core.isRunning();
	}

	/**
	 * Stops gracefully: stops accepting commands, lets in-flight commands and writes
	 * finish, fails what is still queued, waits for snapshot writes, then stops the
	 * engine's threads. Stores are not closed: they belong to the application.
	 * Idempotent.
	 */
	@Override
	public void close() {
		this.sagas.close();
		this.core.close();
	}

}
