package io.ego.spring.boot.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandTimeoutException;
import io.ego.core.EgoEngine;
import io.ego.core.EntityErasedException;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntitySettings;
import io.ego.core.EntityState;
import io.ego.core.EntityTypeInfo;
import io.ego.core.RetentionPolicy;
import io.ego.core.UnknownEntityTypeException;
import io.ego.core.projection.InvalidRebuildPositionException;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.Projections;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.projection.UnknownProjectionException;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaStatus;
import io.ego.core.saga.SagaSummary;
import io.ego.core.saga.Sagas;
import io.ego.core.saga.UnknownSagaException;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@link Endpoint @Endpoint} exposing the eGo engine: its entity types with their
 * effective settings and how many entities of each are live, its projections (and
 * publishers) with their status and lag per worker, and their dead letters.
 * <ul>
 * <li>{@code GET /actuator/ego}, {@code GET /actuator/ego/{type}}: the engine, one entity
 * type;</li>
 * <li>{@code GET /actuator/ego/projections/{name}}, {@code GET
 * /actuator/ego/dead-letters/{projection}};</li>
 * <li>{@code POST /actuator/ego/projections/{name}} with {@code {"operation":
 * "start|stop|pause|resume|rebuild"}} (rebuild takes {@code "position"} or an ISO-8601
 * {@code "timestamp"}, else it starts from the beginning; a position beyond the head, or
 * a negative one, is answered 400 naming the position and the head; with
 * {@code "mode": "blue-green"} it builds the next version of a projection beside the
 * active one and switches over once it caught up, see
 * {@link Projections#rebuildBlueGreen}; {@code "in-place"}, the default, moves the
 * offsets back);</li>
 * <li>{@code POST /actuator/ego/dead-letters/{id}} with {@code {"operation": "retry"}},
 * {@code DELETE /actuator/ego/dead-letters/{id}};</li>
 * <li>{@code GET /actuator/ego/entities/{type}/{id}} ({@code ?events=20}): an entity's
 * state and revision as the engine returns them, with its last events, decoded to JSON
 * through their protobuf descriptors (an encrypted event is not decoded).</li>
 * </ul>
 * The engine's description names this instance, and each worker names the instance that
 * runs it (holds its lease); start, stop and rebuild act on this instance's workers,
 * pause and resume on every instance's. Its default access is read-only: the write and
 * delete operations run only when the application sets
 * {@code management.endpoint.ego.access=unrestricted}. Wrong input is answered 400, an
 * unknown projection, entity type, entity or dead letter 404, both with an
 * {@link ErrorDescriptor} naming the reason.
 * <p>
 * Reads that need the stores (a projection's lag and owners, dead letters, sagas, an
 * entity's events) run on a virtual thread under a bound (the store timeout, by default
 * {@link #DEFAULT_STORE_TIMEOUT}): with the database unreachable they answer 503 with the
 * reason within it, instead of waiting for the connection pool's own timeout. A store
 * that fails a write operation answers 503 with its reason too.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Endpoint(id = "ego", defaultAccess = Access.READ_ONLY)
public class EgoEndpoint {

	/** The default bound of a read that needs the stores. */
	public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(2);

	private static final int DEFAULT_EVENTS = 20;

	private static final int MAX_EVENTS = 1000;

	/** The metadata key of a dead letter whose event was encrypted at rest. */
	private static final String DEAD_LETTER_KEY_ID = "ego.key-id";

	private final EgoEngine engine;

	private final @Nullable EventStore eventStore;

	private final MessageJson json;

	private final Duration storeTimeout;

	/** The sections other modules contribute, by name. */
	private final Map<String, EgoEndpointSection> sections;

	/**
	 * Creates an endpoint for an engine, which neither decodes events nor lists an
	 * entity's events.
	 * @param engine the engine
	 */
	public EgoEndpoint(EgoEngine engine) {
		this(engine, null, List.of());
	}

	/**
	 * Creates an endpoint for an engine that decodes the events and dead letters of some
	 * message types to JSON.
	 * @param engine the engine
	 * @param eventStore the journal, from which an entity's last events are read
	 * ({@code null}: none are listed)
	 * @param messageTypes generated messages whose {@code .proto} files' message types
	 * are decoded (typically the behaviours' initial states and message types)
	 */
	public EgoEndpoint(EgoEngine engine, @Nullable EventStore eventStore, List<? extends Message> messageTypes) {
		this(engine, eventStore, messageTypes, DEFAULT_STORE_TIMEOUT);
	}

	/**
	 * Creates an endpoint for an engine that decodes the events and dead letters of some
	 * message types to JSON, with the given bound on reads that need the stores.
	 * @param engine the engine
	 * @param eventStore the journal, from which an entity's last events are read
	 * ({@code null}: none are listed)
	 * @param messageTypes generated messages whose {@code .proto} files' message types
	 * are decoded (typically the behaviours' initial states and message types)
	 * @param storeTimeout the bound of a read that needs the stores, positive
	 */
	public EgoEndpoint(EgoEngine engine, @Nullable EventStore eventStore, List<? extends Message> messageTypes,
			Duration storeTimeout) {
		this(engine, eventStore, messageTypes, storeTimeout, List.of());
	}

	/**
	 * Creates an endpoint with the sections other modules contribute.
	 * @param engine the engine
	 * @param eventStore the journal, from which an entity's last events are read
	 * ({@code null}: none are listed)
	 * @param messageTypes generated messages whose {@code .proto} files' message types
	 * are decoded (typically the behaviours' initial states and message types)
	 * @param storeTimeout the bound of a read that needs the stores, positive
	 * @param sections the contributed sections, each read at {@code /actuator/ego/{name}}
	 * @since 0.3.0
	 */
	public EgoEndpoint(EgoEngine engine, @Nullable EventStore eventStore, List<? extends Message> messageTypes,
			Duration storeTimeout, List<EgoEndpointSection> sections) {
		Map<String, EgoEndpointSection> byName = new LinkedHashMap<>();
		for (EgoEndpointSection section : sections) {
			if (section.name().equals("sagas") || byName.putIfAbsent(section.name(), section) != null) {
				throw new IllegalArgumentException("two sections of the ego endpoint are named '" + section.name()
						+ "' (" + section.getClass().getName() + ")");
			}
		}
		this.sections = Map.copyOf(byName);
		if (!storeTimeout.isPositive()) {
			throw new IllegalArgumentException("'storeTimeout' must be positive but was " + storeTimeout);
		}
		this.engine = engine;
		this.eventStore = eventStore;
		this.json = new MessageJson(messageTypes);
		this.storeTimeout = storeTimeout;
	}

	/**
	 * Describes the engine and all its entity types.
	 * @return the description; 503 with an {@link ErrorDescriptor} when the stores do not
	 * answer within the store timeout
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> ego() {
		return guarded(() -> {
			List<EntityTypeDescriptor> types = this.engine.entityTypes()
				.stream()
				.map(EntityTypeDescriptor::of)
				.toList();
			List<ProjectionDescriptor> projections = bounded("the projections' lag and owners",
					() -> this.engine.projections().list())
				.stream()
				.map(ProjectionDescriptor::of)
				.toList();
			return ok(new EgoDescriptor(this.engine.isRunning(), this.engine.instanceId(), types, projections));
		});
	}

	/**
	 * Describes a projection, lists a projection's dead letters, or lists a saga's
	 * instances of one status a page at a time.
	 * @param section {@code projections}, {@code dead-letters} or {@code sagas}
	 * @param name the projection's or the saga's name
	 * @param status the status of the saga instances to list (sagas only; by default
	 * {@code FAILED})
	 * @param after the last id of the previous page (sagas only)
	 * @param limit the page size, 1 to 1000 (sagas only; by default 100)
	 * @return the description; 400 or 404 with an {@link ErrorDescriptor} naming the
	 * reason when there is no such section, projection or saga, or a parameter is wrong
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> section(@Selector String section, @Selector String name,
			@Nullable String status, @Nullable String after, @Nullable Integer limit) {
		if (section.equals("sagas")) {
			return guarded(() -> sagaInstances(name, status, after, limit));
		}
		Projections projections = this.engine.projections();
		try {
			return guarded(() -> switch (section) {
				case "projections" -> new WebEndpointResponse<>(ProjectionDescriptor
					.of(bounded("projection '" + name + "': its lag and owners", () -> projections.status(name))));
				case "dead-letters" -> new WebEndpointResponse<>(new DeadLettersDescriptor(name,
						bounded("the dead letters of '" + name + "'", () -> projections.deadLetters(name, 1000))
							.stream()
							.map((letter) -> DeadLetterDescriptor.of(letter, this.json))
							.toList()));
				default -> notFound("no section '" + section + "' to read by name: projections, dead-letters or sagas");
			});
		}
		catch (UnknownProjectionException ex) {
			return notFound("no projection or publisher '" + name + "'; there are " + projections.names());
		}
	}

	private WebEndpointResponse<OperationResponseBody> sagaInstances(String saga, @Nullable String status,
			@Nullable String after, @Nullable Integer limit) {
		SagaStatus wanted;
		try {
			wanted = (status != null) ? SagaStatus.valueOf(status.toUpperCase(Locale.ROOT)) : SagaStatus.FAILED;
		}
		catch (IllegalArgumentException ex) {
			return badRequest("unknown saga status '" + status + "': use one of " + List.of(SagaStatus.values()));
		}
		int size = (limit != null) ? limit : 100;
		if (size < 1 || size > 1000) {
			return badRequest("limit must be between 1 and 1000 but was " + size);
		}
		try {
			List<SagaSummary> page = bounded("the instances of saga '" + saga + "'",
					() -> this.engine.sagas().list(saga, wanted, after, size));
			String next = (page.size() == size) ? page.get(page.size() - 1).sagaId() : null;
			return ok(new SagaInstancesDescriptor(saga, wanted.name(),
					page.stream().map(SagaSummaryDescriptor::of).toList(), next));
		}
		catch (UnknownSagaException ex) {
			return notFound(ex.getMessage());
		}
	}

	/**
	 * Operates a projection, or retries a dead letter.
	 * @param section {@code projections} or {@code dead-letters}
	 * @param name the projection's name, or the dead letter's id
	 * @param operation {@code start}, {@code stop}, {@code pause}, {@code resume},
	 * {@code rebuild} (projections) or {@code retry} (dead letters)
	 * @param position where a rebuild starts reading again (exclusive), if not from the
	 * beginning
	 * @param timestamp the earliest write time a rebuild reads again (ISO-8601), if not
	 * from the beginning
	 * @param mode how a rebuild runs: {@code in-place} (the default: the offsets move
	 * back and the read model refills) or {@code blue-green} (the next version is built
	 * beside the active one)
	 * @return the projection's status after the operation, or the outcome of the retry;
	 * 400 or 404 with an {@link ErrorDescriptor} naming the reason
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> operate(@Selector String section, @Selector String name,
			String operation, @Nullable Long position, @Nullable String timestamp, @Nullable String mode) {
		return guarded(() -> operateProjection(section, name, operation, position, timestamp, mode));
	}

	private WebEndpointResponse<OperationResponseBody> operateProjection(String section, String name, String operation,
			@Nullable Long position, @Nullable String timestamp, @Nullable String mode) {
		Projections projections = this.engine.projections();
		if (section.equals("dead-letters")) {
			if (!operation.equals("retry")) {
				return badRequest("unknown dead-letter operation '" + operation + "': use 'retry'");
			}
			Long id = deadLetterId(name);
			if (id == null) {
				return badRequest("dead-letter id '" + name + "' is not a number");
			}
			try {
				return ok(new RetryDescriptor(id, projections.retryDeadLetter(id)));
			}
			catch (IllegalArgumentException | NoSuchElementException ex) {
				return notFound(messageOf(ex));
			}
			catch (IllegalStateException ex) {
				return badRequest(messageOf(ex));
			}
		}
		if (!section.equals("projections")) {
			return notFound("unknown section '" + section + "': use 'projections' or 'dead-letters'");
		}
		try {
			switch (operation) {
				case "start" -> projections.start(name);
				case "stop" -> projections.stop(name);
				case "pause" -> projections.pause(name);
				case "resume" -> projections.resume(name);
				case "rebuild" -> {
					RebuildFrom from = rebuildFrom(position, timestamp);
					if (from == null) {
						return badRequest("timestamp '" + timestamp + "' is not ISO-8601");
					}
					if (mode == null || mode.equals("in-place")) {
						projections.rebuild(name, from);
					}
					else if (mode.equals("blue-green")) {
						projections.rebuildBlueGreen(name, from);
					}
					else {
						return badRequest("unknown rebuild mode '" + mode + "': use in-place or blue-green");
					}
				}
				default -> {
					return badRequest("unknown projection operation '" + operation
							+ "': use start, stop, pause, resume or rebuild");
				}
			}
			return ok(ProjectionDescriptor
				.of(bounded("projection '" + name + "': its lag and owners", () -> projections.status(name))));
		}
		catch (UnknownProjectionException ex) {
			return notFound(messageOf(ex));
		}
		catch (InvalidRebuildPositionException | IllegalArgumentException | IllegalStateException
				| UnsupportedOperationException ex) {
			// a rebuild position's message names the position and the head
			return badRequest(messageOf(ex));
		}
	}

	private static @Nullable RebuildFrom rebuildFrom(@Nullable Long position, @Nullable String timestamp) {
		if (position != null) {
			return RebuildFrom.position(position);
		}
		if (timestamp == null) {
			return RebuildFrom.beginning();
		}
		try {
			return RebuildFrom.timestamp(Instant.parse(timestamp));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Runs an engine-wide operation: {@code POST /actuator/ego/encryption} with
	 * {@code {"operation": "rewrap-data-keys"}} rewraps every data key with the current
	 * master key.
	 * @param section {@code encryption}
	 * @param operation {@code rewrap-data-keys}
	 * @return how many data keys were rewrapped; 400 with an {@link ErrorDescriptor} when
	 * encryption is off or the operation is unknown
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> engineOperation(@Selector String section, String operation) {
		if (!section.equals("encryption")) {
			return notFound("unknown section '" + section + "': use POST /actuator/ego/encryption");
		}
		if (!operation.equals("rewrap-data-keys")) {
			return badRequest("unknown encryption operation '" + operation + "': use 'rewrap-data-keys'");
		}
		try {
			return guarded(() -> ok(new RewrapDescriptor(this.engine.rewrapDataKeys())));
		}
		catch (IllegalStateException ex) {
			return badRequest("encryption is not enabled: " + messageOf(ex));
		}
	}

	/**
	 * Erases an entity (GDPR): {@code DELETE /actuator/ego/entities/{type}/{id}} shreds
	 * its data key, deletes its snapshots and durable state and records an erasure
	 * marker; later commands to it are rejected (or start a fresh history, per
	 * {@code ego.erasure.mode}). An entity without a history answers 404, unless
	 * {@code ?force=true}.
	 * @param section {@code entities}
	 * @param type the entity type
	 * @param id the entity id
	 * @param force whether to erase (and block) an id without a history
	 * @return the erasure marker; 404 with an {@link ErrorDescriptor} for an unknown type
	 * or an entity without a history
	 */
	@DeleteOperation
	public WebEndpointResponse<OperationResponseBody> erase(@Selector String section, @Selector String type,
			@Selector String id, @Nullable Boolean force) {
		if (!section.equals("entities")) {
			return notFound("only entities can be erased: use /entities/{type}/{id}");
		}
		try {
			return guarded(() -> {
				ErasureMarker marker = this.engine.eraseEntity(type, id, Boolean.TRUE.equals(force));
				return ok(new ErasureDescriptor(marker.persistenceId(), marker.erasedToSequenceNr(),
						marker.erasedAt().toString()));
			});
		}
		catch (EntityNotFoundException | UnknownEntityTypeException ex) {
			return notFound(messageOf(ex));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return badRequest(messageOf(ex));
		}
	}

	/**
	 * Deletes a dead letter.
	 * @param section {@code dead-letters}
	 * @param id the dead letter's id
	 * @return 204; 400 with an {@link ErrorDescriptor} for an id that is not a number
	 */
	@DeleteOperation
	public WebEndpointResponse<OperationResponseBody> delete(@Selector String section, @Selector String id) {
		if (!section.equals("dead-letters")) {
			return notFound("only dead letters can be deleted: use /dead-letters/{id}");
		}
		Long deadLetterId = deadLetterId(id);
		if (deadLetterId == null) {
			return badRequest("dead-letter id '" + id + "' is not a number");
		}
		try {
			return guarded(() -> {
				this.engine.projections().deleteDeadLetter(deadLetterId);
				return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
			});
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return badRequest(messageOf(ex));
		}
	}

	/**
	 * Reads a saga instance ({@code /sagas/{name}/{id}}) or an entity
	 * ({@code /entities/{type}/{id}}).
	 * @param section {@code sagas} or {@code entities}
	 * @param name the saga's name or the entity type
	 * @param id the instance's or the entity's id
	 * @param events how many of an entity's last events to list (20 by default, at most
	 * 1,000)
	 * @return the instance or the entity; 404 with an {@link ErrorDescriptor} for an
	 * unknown saga, entity type or an entity without a history
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> item(@Selector String section, @Selector String name,
			@Selector String id, @Nullable Integer events) {
		if (section.equals("entities")) {
			return guarded(() -> entity(name, id, (events != null) ? events : DEFAULT_EVENTS));
		}
		return guarded(() -> sagaInstance(section, name, id));
	}

	private WebEndpointResponse<OperationResponseBody> entity(String type, String id, int events) {
		if (events < 0 || events > MAX_EVENTS) {
			return badRequest("events must be between 0 and " + MAX_EVENTS + " but was " + events);
		}
		EntityTypeInfo info = this.engine.entityTypes()
			.stream()
			.filter((candidate) -> candidate.name().equals(type))
			.findFirst()
			.orElse(null);
		if (info == null) {
			return notFound("no entity type '" + type + "'; there are "
					+ this.engine.entityTypes().stream().map(EntityTypeInfo::name).toList());
		}
		EntityState<Message> state;
		try {
			state = this.engine.<Message>entity(type, id).state();
		}
		catch (EntityNotFoundException ex) {
			return notFound("no entity '" + id + "' of type '" + type + "': it has no history");
		}
		catch (EntityErasedException ex) {
			return notFound("entity '" + id + "' of type '" + type + "' was erased: " + messageOf(ex));
		}
		catch (CommandTimeoutException | IllegalArgumentException ex) {
			return badRequest(messageOf(ex));
		}
		List<EventDescriptor> recent = List.of();
		EventStore store = this.eventStore;
		if (store != null && info.kind() == EntityTypeInfo.Kind.EVENT_SOURCED && events > 0) {
			String persistenceId = type + "|" + id;
			recent = bounded("the last events of '" + persistenceId + "'", () -> {
				long highest = store.highestSequenceNr(persistenceId);
				return store.replay(persistenceId, Math.max(1, highest - events + 1), highest, events);
			}).stream().map((event) -> EventDescriptor.of(event, this.json)).toList();
		}
		return ok(new EntityDescriptor(type, id, state.state().getDescriptorForType().getFullName(), state.revision(),
				MessageJson.toMap(state.state()), recent));
	}

	/**
	 * Reads a saga instance: its status, state, pending steps and history.
	 * @param section {@code sagas}
	 * @param saga the saga's name
	 * @param id the instance's id
	 * @return the instance; 404 with an {@link ErrorDescriptor} for an unknown saga
	 */
	public WebEndpointResponse<OperationResponseBody> sagaInstance(String section, String saga, String id) {
		if (!section.equals("sagas")) {
			return notFound("no section '" + section
					+ "' to read by name and id: use /sagas/{name}/{id} or /entities/{type}/{id}");
		}
		try {
			return ok(SagaInstanceDescriptor
				.of(bounded("saga instance '" + id + "'", () -> this.engine.sagas().status(saga, id))));
		}
		catch (UnknownSagaException ex) {
			return notFound(messageOf(ex));
		}
		catch (IllegalArgumentException ex) {
			return badRequest(messageOf(ex));
		}
	}

	/**
	 * Retries a failed saga instance, or cancels (compensates) a running one.
	 * @param section {@code sagas}
	 * @param saga the saga's name
	 * @param id the instance's id
	 * @param operation {@code retry} or {@code cancel}
	 * @param reason why it is cancelled, kept in its history
	 * @return the instance after the operation; 400 or 404 with an
	 * {@link ErrorDescriptor} naming the reason
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> operateSaga(@Selector String section, @Selector String saga,
			@Selector String id, String operation, @Nullable String reason) {
		if (!section.equals("sagas")) {
			return notFound("no section '" + section + "' to operate by name and id: use /sagas/{name}/{id}");
		}
		try {
			return guarded(() -> switch (operation) {
				case "retry" -> ok(SagaInstanceDescriptor.of(this.engine.sagas().retry(saga, id)));
				case "cancel" -> ok(SagaInstanceDescriptor
					.of(this.engine.sagas().cancel(saga, id, (reason != null) ? reason : "cancelled by an operator")));
				default -> badRequest("unknown saga operation '" + operation + "': use retry or cancel");
			});
		}
		catch (UnknownSagaException ex) {
			return notFound(messageOf(ex));
		}
		catch (CommandRejectedException | IllegalArgumentException ex) {
			return badRequest(messageOf(ex));
		}
	}

	/**
	 * Runs an operation, answering 503 with the reason when the stores do not answer
	 * within the store timeout or fail.
	 */
	private static WebEndpointResponse<OperationResponseBody> guarded(
			Supplier<WebEndpointResponse<OperationResponseBody>> operation) {
		try {
			return operation.get();
		}
		catch (StoresUnavailableException ex) {
			return error(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, "Service Unavailable", messageOf(ex));
		}
		catch (StoreException ex) {
			return error(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, "Service Unavailable",
					"the stores failed: " + messageOf(ex));
		}
	}

	/**
	 * Runs a read that needs the stores on a virtual thread and waits for it at most the
	 * store timeout; a read still running then goes on in the background until the store
	 * gives up.
	 * @param what what is read, for the answer
	 * @param read the read
	 * @return what the read returned
	 * @throws StoresUnavailableException when it has no answer in time
	 */
	private <T> T bounded(String what, Supplier<T> read) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread.ofVirtual().name("ego-endpoint-read").start(() -> {
			try {
				result.complete(read.get());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		try {
			return result.get(this.storeTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new StoresUnavailableException("the stores did not answer within " + format(this.storeTimeout)
					+ " reading " + what + " (see /actuator/health)");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new StoresUnavailableException("reading " + what + " failed: " + cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoresUnavailableException("interrupted while reading " + what);
		}
	}

	private static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static WebEndpointResponse<OperationResponseBody> ok(OperationResponseBody body) {
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
	}

	private static WebEndpointResponse<OperationResponseBody> badRequest(String message) {
		return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", message);
	}

	private static WebEndpointResponse<OperationResponseBody> notFound(String message) {
		return error(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found", message);
	}

	private static WebEndpointResponse<OperationResponseBody> error(int status, String error, String message) {
		return new WebEndpointResponse<>(new ErrorDescriptor(status, error, message), status);
	}

	/**
	 * Returns the message of a failure, for the answer to a bad request; the name of its
	 * class when it has none.
	 */
	private static String messageOf(RuntimeException ex) {
		String message = ex.getMessage();
		return (message != null) ? message : ex.getClass().getName();
	}

	private static @Nullable Long deadLetterId(String id) {
		try {
			return Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Describes one entity type.
	 * @param name the type name
	 * @return the description; 404 with an {@link ErrorDescriptor} naming the reason when
	 * no type has that name
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> entityType(@Selector String name) {
		EgoEndpointSection section = this.sections.get(name);
		if (section != null) {
			return guarded(() -> ok(section.read()));
		}
		if (name.equals("sagas")) {
			Sagas sagas = this.engine.sagas();
			return guarded(() -> ok(new SagasDescriptor(sagas.names()
				.stream()
				.map((saga) -> new SagaCountsDescriptor(saga,
						counts(bounded("the instances of saga '" + saga + "'", () -> sagas.counts(saga)))))
				.toList())));
		}
		List<EntityTypeInfo> types = this.engine.entityTypes();
		return types.stream()
			.filter((info) -> info.name().equals(name))
			.findFirst()
			.<WebEndpointResponse<OperationResponseBody>>map(
					(info) -> new WebEndpointResponse<>(EntityTypeDescriptor.of(info)))
			.orElseGet(() -> notFound(
					"no entity type '" + name + "'; there are " + types.stream().map(EntityTypeInfo::name).toList()));
	}

	private static Map<String, Long> counts(Map<SagaStatus, Long> counts) {
		Map<String, Long> byName = new LinkedHashMap<>();
		for (SagaStatus status : SagaStatus.values()) {
			if (status != SagaStatus.NEW) {
				byName.put(status.name(), counts.getOrDefault(status, 0L));
			}
		}
		return byName;
	}

	/**
	 * The registered sagas and their instances by status.
	 *
	 * @param sagas the sagas, by registration order
	 */
	public record SagasDescriptor(List<SagaCountsDescriptor> sagas) implements OperationResponseBody {
	}

	/**
	 * A saga's instances by status.
	 *
	 * @param name the saga's name
	 * @param instances the number of instances of each status, every status listed
	 */
	public record SagaCountsDescriptor(String name, Map<String, Long> instances) {
	}

	/**
	 * A page of a saga's instances of one status.
	 *
	 * @param saga the saga's name
	 * @param status the status
	 * @param instances the instances, by id
	 * @param next the {@code after} of the next page, or {@code null} on the last page
	 */
	public record SagaInstancesDescriptor(String saga, String status, List<SagaSummaryDescriptor> instances,
			@Nullable String next) implements OperationResponseBody {
	}

	/**
	 * A saga instance in a page.
	 *
	 * @param id the instance's id
	 * @param status its status
	 * @param updatedAt when it took that status
	 * @param reason why it failed or compensates, else empty
	 */
	public record SagaSummaryDescriptor(String id, String status, Instant updatedAt, String reason) {

		static SagaSummaryDescriptor of(SagaSummary summary) {
			return new SagaSummaryDescriptor(summary.sagaId(), summary.status().name(), summary.updatedAt(),
					summary.reason());
		}

	}

	/**
	 * A saga instance.
	 *
	 * @param saga the saga's name
	 * @param id the instance's id
	 * @param status its status
	 * @param reason why it compensates, compensated or failed, else empty
	 * @param state its state, in protobuf text format
	 * @param pendingSteps the steps awaiting an outcome
	 * @param history its most recent history entries, oldest first
	 */
	public record SagaInstanceDescriptor(String saga, String id, String status, String reason, String state,
			List<String> pendingSteps, List<String> history) implements OperationResponseBody {

		static SagaInstanceDescriptor of(SagaInstance<?> instance) {
			return new SagaInstanceDescriptor(instance.sagaName(), instance.sagaId(), instance.status().name(),
					instance.reason(), instance.state().toString().strip().replace('\n', ' '), instance.pendingSteps(),
					instance.history().stream().map((entry) -> entry.at() + " " + entry.what()).toList());
		}

	}

	/**
	 * Description of the engine.
	 *
	 * @param running whether the engine accepts commands
	 * @param instance the id of this application instance (the owner of the worker leases
	 * it holds)
	 * @param entityTypes the registered entity types
	 * @param projections the projections and publishers
	 */
	public record EgoDescriptor(boolean running, String instance, List<EntityTypeDescriptor> entityTypes,
			List<ProjectionDescriptor> projections) implements OperationResponseBody {
	}

	/**
	 * Status of a projection or publisher.
	 *
	 * @param name its name
	 * @param state {@code running}, {@code paused}, {@code stopped} or {@code failed}
	 * @param failure why it stopped, when failed
	 * @param lagEvents the largest lag in events over its workers
	 * @param lagSeconds the largest lag in seconds over its workers
	 * @param workers one entry per worker
	 * @param activeVersion the version that serves (queries read it)
	 * @param shadow the version a blue/green rebuild builds beside it, or {@code null}
	 */
	public record ProjectionDescriptor(String name, String state, @Nullable String failure, long lagEvents,
			double lagSeconds, List<WorkerDescriptor> workers, int activeVersion,
			@Nullable ShadowDescriptor shadow) implements OperationResponseBody {

		static ProjectionDescriptor of(ProjectionStatus status) {
			ProjectionStatus.Shadow shadow = status.shadow();
			return new ProjectionDescriptor(status.name(), status.state().name().toLowerCase(Locale.ROOT),
					status.failure(), status.lagEvents(), seconds(status.lagTime()),
					status.workers().stream().map(WorkerDescriptor::of).toList(), status.activeVersion(),
					(shadow != null) ? ShadowDescriptor.of(shadow) : null);
		}

	}

	/**
	 * The version a blue/green rebuild builds beside the active one.
	 *
	 * @param version its version
	 * @param state what it does on this instance
	 * @param lagEvents the largest lag of its workers: 0 when it is about to switch over
	 * @param workers its workers
	 */
	public record ShadowDescriptor(int version, String state, long lagEvents, List<WorkerDescriptor> workers) {

		static ShadowDescriptor of(ProjectionStatus.Shadow shadow) {
			return new ShadowDescriptor(shadow.version(), shadow.state().name().toLowerCase(Locale.ROOT),
					shadow.lagEvents(), shadow.workers().stream().map(WorkerDescriptor::of).toList());
		}

	}

	/**
	 * One worker of a projection.
	 *
	 * @param slices its slice range
	 * @param position the position of the last event it handled
	 * @param lagEvents events it has not handled yet
	 * @param lagSeconds age of the oldest event it has not handled, 0 when caught up
	 * @param owner the id of the instance running it (holding its lease), {@code null}
	 * when none does
	 */
	public record WorkerDescriptor(String slices, long position, long lagEvents, double lagSeconds,
			@Nullable String owner) {

		static WorkerDescriptor of(ProjectionStatus.Worker worker) {
			return new WorkerDescriptor(worker.partition(), worker.committedPosition(), worker.lagEvents(),
					seconds(worker.lagTime()), worker.owner());
		}

	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	/**
	 * A projection's dead letters.
	 *
	 * @param projection the projection
	 * @param deadLetters its dead letters, oldest first (at most 1000)
	 */
	public record DeadLettersDescriptor(String projection,
			List<DeadLetterDescriptor> deadLetters) implements OperationResponseBody {
	}

	/**
	 * One dead letter.
	 *
	 * @param id its id
	 * @param persistenceId the event's entity
	 * @param sequenceNr the event's sequence number
	 * @param position the event's position
	 * @param eventType the event's type
	 * @param cause why handling failed
	 * @param attempts how often it was tried
	 * @param failedAt when it was given up on (ISO-8601)
	 * @param encrypted whether the event is encrypted at rest (it is then not decoded)
	 * @param event the event decoded through its protobuf descriptor, {@code null} when
	 * encrypted or of a type the endpoint does not know
	 */
	public record DeadLetterDescriptor(long id, String persistenceId, long sequenceNr, long position, String eventType,
			String cause, int attempts, String failedAt, boolean encrypted,
			@Nullable Map<String, @Nullable Object> event) {

		static DeadLetterDescriptor of(DeadLetter letter, MessageJson json) {
			boolean encrypted = letter.metadata().containsKey(DEAD_LETTER_KEY_ID);
			return new DeadLetterDescriptor(letter.id(), letter.persistenceId(), letter.sequenceNr(), letter.position(),
					letter.eventType(), letter.cause(), letter.attempts(), letter.failedAt().toString(), encrypted,
					encrypted ? null : json.decode(letter.eventType(), letter.payload()));
		}

	}

	/**
	 * An entity as the engine returns it.
	 *
	 * @param type its entity type
	 * @param id its id
	 * @param stateType the protobuf type of its state
	 * @param revision its revision (event-sourced: the sequence number of its last event)
	 * @param state its state, decoded through its protobuf descriptor
	 * @param events its last events, oldest first (event-sourced entities; those
	 * retention deleted are gone)
	 */
	public record EntityDescriptor(String type, String id, String stateType, long revision,
			Map<String, @Nullable Object> state, List<EventDescriptor> events) implements OperationResponseBody {
	}

	/**
	 * One event of an entity's journal.
	 *
	 * @param sequenceNr its sequence number
	 * @param position its global position
	 * @param eventType its type
	 * @param writeTime when it was written (ISO-8601)
	 * @param encrypted whether it is encrypted at rest (it is then not decoded)
	 * @param event the event decoded through its protobuf descriptor, {@code null} when
	 * encrypted or of a type the endpoint does not know
	 */
	public record EventDescriptor(long sequenceNr, long position, String eventType, String writeTime, boolean encrypted,
			@Nullable Map<String, @Nullable Object> event) {

		static EventDescriptor of(PersistedEvent event, MessageJson json) {
			boolean encrypted = event.keyId() != null;
			return new EventDescriptor(event.sequenceNr(), event.position(), event.eventType(),
					event.writeTime().toString(), encrypted,
					encrypted ? null : json.decode(event.eventType(), event.payload()));
		}

	}

	/**
	 * Outcome of a data-key rewrap.
	 *
	 * @param rewrapped how many data keys were rewrapped
	 */
	public record RewrapDescriptor(long rewrapped) implements OperationResponseBody {
	}

	/**
	 * An erasure.
	 *
	 * @param persistenceId the erased entity
	 * @param erasedToSequenceNr the last sequence number the erasure covers
	 * @param erasedAt when it was erased (ISO-8601)
	 */
	public record ErasureDescriptor(String persistenceId, long erasedToSequenceNr,
			String erasedAt) implements OperationResponseBody {
	}

	/**
	 * Why an operation was refused (400) or found nothing to act on (404).
	 *
	 * @param status the HTTP status
	 * @param error its reason phrase
	 * @param message what was wrong
	 */
	public record ErrorDescriptor(int status, String error, String message) implements OperationResponseBody {
	}

	/**
	 * Outcome of a dead-letter retry.
	 *
	 * @param id the dead letter's id
	 * @param handled whether the handler succeeded (the dead letter is then deleted)
	 */
	public record RetryDescriptor(long id, boolean handled) implements OperationResponseBody {
	}

	/**
	 * Description of one entity type.
	 *
	 * @param name the type name
	 * @param kind {@code event-sourced} or {@code durable-state}
	 * @param behaviorClass the class of its behaviour
	 * @param liveEntities how many of its entities are live (activated and not
	 * passivated)
	 * @param settings its effective settings
	 */
	public record EntityTypeDescriptor(String name, String kind, String behaviorClass, int liveEntities,
			SettingsDescriptor settings) implements OperationResponseBody {

		static EntityTypeDescriptor of(EntityTypeInfo info) {
			return new EntityTypeDescriptor(info.name(), info.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
					info.behaviorClass(), info.liveEntities(), SettingsDescriptor.of(info.settings()));
		}

	}

	/**
	 * Effective settings of an entity type; durations in ISO-8601 ({@code PT10M}).
	 *
	 * @param passivateAfter idle time before passivation
	 * @param askTimeout how long a caller waits for a reply
	 * @param snapshotInterval the snapshot interval, {@code 0} when off
	 * @param retention what is deleted after a snapshot
	 * @param batchThreshold pending events that trigger a write, {@code 0} when window
	 * batching is off
	 * @param batchFlushWindow the longest a partial batch waits in window batching
	 * @param adaptiveBatching whether queued commands are group-committed
	 * @param maxBatchSize the most commands per write
	 * @param replayPageSize events read per recovery page
	 */
	public record SettingsDescriptor(String passivateAfter, String askTimeout, int snapshotInterval,
			RetentionDescriptor retention, int batchThreshold, String batchFlushWindow, boolean adaptiveBatching,
			int maxBatchSize, int replayPageSize) {

		static SettingsDescriptor of(EntitySettings settings) {
			return new SettingsDescriptor(format(settings.passivateAfter()), format(settings.askTimeout()),
					settings.snapshotInterval(), RetentionDescriptor.of(settings.retention()),
					settings.batchThreshold(), format(settings.effectiveFlushWindow()), settings.adaptiveBatching(),
					settings.maxBatchSize(), settings.replayPageSize());
		}

		private static String format(Duration duration) {
			return duration.toString();
		}

	}

	/**
	 * Retention of an entity type.
	 *
	 * @param deleteEventsOnSnapshot whether events up to a snapshot are deleted
	 * @param deleteSnapshotsOnSnapshot whether older snapshots are deleted
	 * @param eventsRetentionCount events kept before the snapshot
	 */
	public record RetentionDescriptor(boolean deleteEventsOnSnapshot, boolean deleteSnapshotsOnSnapshot,
			int eventsRetentionCount) {

		static RetentionDescriptor of(RetentionPolicy policy) {
			return new RetentionDescriptor(policy.deleteEventsOnSnapshot(), policy.deleteSnapshotsOnSnapshot(),
					policy.eventsRetentionCount());
		}

	}

	/**
	 * A read that needs the stores had no answer within the store timeout.
	 */
	private static final class StoresUnavailableException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		StoresUnavailableException(String message) {
			super(message);
		}

	}

}
