package io.ego.spring.boot.test.scenario;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.google.protobuf.Message;
import io.ego.core.CommandOptions;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EgoException;
import io.ego.core.EntityBehavior;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntityRef;
import io.ego.core.EntityTypeInfo;
import io.ego.core.UnknownEntityTypeException;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.UnknownProjectionException;
import io.ego.core.saga.SagaHistoryEntry;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaStatus;
import io.ego.core.saga.UnknownSagaException;
import io.ego.core.store.JournalQuery;
import io.ego.core.store.PersistedEvent;
import org.opentest4j.AssertionFailedError;

/**
 * Drives the running engine of a Spring test: sends commands (by behaviour class or
 * entity type, and entity id) and returns a {@link CommandResult} to assert on, waits for
 * projections to catch up with the journal by the engine's own positions, and advances
 * the {@link EgoTestClock}. Inject it in an {@link io.ego.spring.boot.test.EgoTest
 * &#64;EgoTest}:
 *
 * <pre class="code">
 * &#64;Autowired EgoScenario scenario;
 *
 * scenario.send(AccountBehavior.class, "acc-1", open(100)).thenAccepted();
 * scenario.send(AccountBehavior.class, "acc-1", debit(500)).thenRejected("insufficient funds").thenNoEvents();
 * scenario.send(AccountBehavior.class, "acc-1", credit(5)).thenEvents(credited(5));
 * scenario.awaitProjection("account-balances");
 * </pre>
 *
 * Failures print what was expected beside the reply and the entity's journal. Waits end
 * after {@link #timeout()} ({@link #within(Duration)} changes it).
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EgoScenario {

	/** How long a scenario waits for events and projections unless told otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

	private final EgoEngine engine;

	private final JournalQuery journal;

	private final JournalRecorder recorder;

	private final EgoTestClock clock;

	private final Duration timeout;

	private final List<EgoTestPublisher> publishers;

	EgoScenario(EgoEngine engine, JournalQuery journal, JournalRecorder recorder, EgoTestClock clock,
			List<EgoTestPublisher> publishers, Duration timeout) {
		this.publishers = List.copyOf(publishers);
		this.engine = engine;
		this.journal = journal;
		this.recorder = recorder;
		this.clock = clock;
		this.timeout = timeout;
	}

	/**
	 * Sends a command and waits for its reply.
	 * @param <S> the entity's state type
	 * @param <B> the behaviour type
	 * @param behavior the entity's behaviour class, a bean of the test context
	 * @param entityId the entity id
	 * @param command the command
	 * @return the result to assert on
	 */
	public <S extends Message, B extends EntityBehavior<S>> CommandResult<S> send(Class<B> behavior, String entityId,
			Message command) {
		return send(behavior, entityId, command, CommandOptions.none());
	}

	/**
	 * Sends a command with options (a command id for idempotence) and waits for its
	 * reply.
	 * @param <S> the entity's state type
	 * @param <B> the behaviour type
	 * @param behavior the entity's behaviour class, a bean of the test context
	 * @param entityId the entity id
	 * @param command the command
	 * @param options the command's options
	 * @return the result to assert on
	 */
	public <S extends Message, B extends EntityBehavior<S>> CommandResult<S> send(Class<B> behavior, String entityId,
			Message command, CommandOptions options) {
		EntityRef<S> entity;
		try {
			entity = this.engine.entity(behavior, entityId);
		}
		catch (UnknownEntityTypeException ex) {
			throw new EgoTestConfigurationException("no entity of behaviour " + behavior.getName()
					+ " runs in this test context (" + entityTypes() + "): make it a bean annotated "
					+ "@EventSourcedEntity or @DurableStateEntity, and name it in @EgoTest(...) if the test names "
					+ "the beans it starts", ex);
		}
		return send(entity, command, options);
	}

	/**
	 * Sends a command to an entity by type name and waits for its reply.
	 * @param entityType the entity type name
	 * @param entityId the entity id
	 * @param command the command
	 * @return the result to assert on
	 */
	public CommandResult<Message> send(String entityType, String entityId, Message command) {
		EntityRef<Message> entity;
		try {
			entity = this.engine.entity(entityType, entityId);
		}
		catch (UnknownEntityTypeException ex) {
			throw new EgoTestConfigurationException(
					"no entity type '" + entityType + "' runs in this test context (" + entityTypes() + ")", ex);
		}
		return send(entity, command, CommandOptions.none());
	}

	private <S extends Message> CommandResult<S> send(EntityRef<S> entity, Message command, CommandOptions options) {
		long before;
		try {
			before = entity.state().revision();
		}
		catch (EntityNotFoundException ex) {
			before = 0;
		}
		catch (EgoException ex) {
			before = CommandResult.UNKNOWN_REVISION;
		}
		CommandReply<S> reply = entity.askAndWait(command, options);
		return new CommandResult<>(this, entity, kind(entity.entityType()), command, before, reply);
	}

	/**
	 * Reads an entity's current state.
	 * @param <S> the entity's state type
	 * @param <B> the behaviour type
	 * @param behavior the entity's behaviour class
	 * @param entityId the entity id
	 * @return its state
	 */
	public <S extends Message, B extends EntityBehavior<S>> S state(Class<B> behavior, String entityId) {
		EntityRef<S> entity = this.engine.entity(behavior, entityId);
		return entity.state().state();
	}

	/**
	 * The events of an entity as the engine has decoded them, once every event of the
	 * journal written before this call has been recorded.
	 * @param <S> the entity's state type
	 * @param <B> the behaviour type
	 * @param behavior the entity's behaviour class
	 * @param entityId the entity id
	 * @return its events in sequence order (those still in the journal when the test
	 * context started reading it)
	 */
	public <S extends Message, B extends EntityBehavior<S>> List<EventEnvelope> journal(Class<B> behavior,
			String entityId) {
		EntityRef<S> entity = this.engine.entity(behavior, entityId);
		awaitProjection(this.recorder.name());
		return this.recorder.events(entity.entityType(), entityId);
	}

	/**
	 * Waits until a projection has handled every event the journal held when this method
	 * was called, by the positions its workers committed.
	 * @param name the projection's name
	 * @return this scenario
	 * @throws AssertionFailedError if it failed, is paused or stopped, or did not catch
	 * up in time
	 */
	public EgoScenario awaitProjection(String name) {
		long head = this.journal.headPosition();
		long deadline = System.nanoTime() + this.timeout.toNanos();
		for (;;) {
			ProjectionStatus status;
			try {
				status = this.engine.projections().status(name);
			}
			catch (UnknownProjectionException ex) {
				throw new EgoTestConfigurationException("no projection '" + name + "' runs in this test context "
						+ "(projections: " + this.engine.projections().names() + ")", ex);
			}
			switch (status.state()) {
				case FAILED -> throw new AssertionFailedError(
						"projection '" + name + "' failed before reaching position " + head + ": " + status.failure());
				case PAUSED, STOPPED -> throw new AssertionFailedError("projection '" + name + "' is " + status.state()
						+ ": it cannot reach position " + head + " (resume or start it first)");
				case RUNNING -> {
				}
			}
			if (caughtUp(status, head)) {
				return this;
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionFailedError("projection '" + name + "' did not reach the journal's position " + head
						+ " within " + this.timeout + "; its workers: " + status.workers());
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
	}

	/**
	 * Waits for every projection and publisher of the engine, as
	 * {@link #awaitProjection(String)} does.
	 * @return this scenario
	 */
	public EgoScenario awaitProjections() {
		for (String name : this.engine.projections().names()) {
			awaitProjection(name);
		}
		return this;
	}

	/**
	 * Waits until a publisher has been given every event the journal held at this call
	 * (by its committed positions, as {@link #awaitProjection(String)}), then asserts
	 * that the events it was given since the previous {@code thenPublished} or
	 * {@link #published} of it are exactly these, in this order (the publisher sees every
	 * entity of the context, like a topic).
	 * @param publisher the name of an {@link EgoTestPublisher} bean
	 * @param expected the events, across entities, in journal order
	 * @return this scenario
	 * @throws AssertionFailedError with both lists (and the journal positions of what it
	 * was given) when they differ
	 */
	public EgoScenario thenPublished(String publisher, Message... expected) {
		EgoTestPublisher recorder = publisher(publisher);
		awaitProjection(publisher);
		List<EventEnvelope> given = recorder.takeNew();
		List<Message> actual = given.stream().map(EventEnvelope::event).toList();
		if (!actual.equals(List.of(expected))) {
			throw new AssertionFailedError(
					"Expected publisher '" + publisher + "' to be given these events:\n"
							+ Describe.messages(List.of(expected)) + "but it was given:\n" + Describe.journal(given),
					Describe.messages(List.of(expected)), Describe.messages(actual));
		}
		return this;
	}

	/**
	 * Waits for a publisher as {@link #thenPublished} does and returns what it was given
	 * since the previous {@code thenPublished} or {@code published} of it.
	 * @param publisher the name of an {@link EgoTestPublisher} bean
	 * @return the events it was given, in order
	 */
	public List<EventEnvelope> published(String publisher) {
		EgoTestPublisher recorder = publisher(publisher);
		awaitProjection(publisher);
		return recorder.takeNew();
	}

	private EgoTestPublisher publisher(String name) {
		for (EgoTestPublisher publisher : this.publishers) {
			if (publisher.name().equals(name)) {
				return publisher;
			}
		}
		throw new EgoTestConfigurationException("no EgoTestPublisher '" + name + "' in this test context (test "
				+ "publishers: " + this.publishers.stream().map(EgoTestPublisher::name).toList()
				+ "): declare a bean new EgoTestPublisher(\"" + name + "\")", null);
	}

	/**
	 * Waits until a saga instance reaches a status, by the engine's own record of it
	 * ({@link io.ego.core.saga.Sagas#status}): after a step's outcome, or after
	 * {@link #clock()} was advanced past one of its timers, which the saga's timer poller
	 * then fires (its {@code ego.sagas.<name>.timer-poll-interval}).
	 * @param saga the saga's name
	 * @param sagaId the instance's id
	 * @param status the status to wait for
	 * @return the instance in that status
	 * @throws AssertionFailedError with the instance's status, state and history when it
	 * does not reach it in time, or ends in another final status
	 */
	public SagaInstance<?> awaitSaga(String saga, String sagaId, SagaStatus status) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		for (;;) {
			SagaInstance<?> instance;
			try {
				instance = this.engine.sagas().status(saga, sagaId);
			}
			catch (UnknownSagaException ex) {
				throw new EgoTestConfigurationException("no saga '" + saga + "' runs in this test context (sagas: "
						+ this.engine.sagas().names() + "): make it a bean annotated @Saga", ex);
			}
			if (instance.status() == status) {
				return instance;
			}
			boolean ended = instance.status() == SagaStatus.COMPLETED || instance.status() == SagaStatus.COMPENSATED
					|| instance.status() == SagaStatus.FAILED;
			if (ended || System.nanoTime() - deadline > 0) {
				throw new AssertionFailedError("Expected saga '" + saga + "' instance '" + sagaId + "' to be " + status
						+ (ended ? ", but it ended " : " within " + this.timeout + ", but it is ") + instance.status()
						+ (instance.reason().isEmpty() ? "" : " (" + instance.reason() + ")") + "\nits state: "
						+ Describe.message(instance.state()) + "\nthe test clock: " + this.clock + "\nits history:\n"
						+ history(instance), status, instance.status());
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
	}

	private static String history(SagaInstance<?> instance) {
		StringBuilder text = new StringBuilder();
		for (SagaHistoryEntry entry : instance.history()) {
			text.append("  ").append(entry.at()).append(" ").append(entry.what()).append('\n');
		}
		return text.toString();
	}

	private boolean caughtUp(ProjectionStatus status, long head) {
		if (status.workers().isEmpty()) {
			return false;
		}
		for (ProjectionStatus.Worker worker : status.workers()) {
			if (worker.committedPosition() >= head) {
				continue;
			}
			List<PersistedEvent> next = this.journal.eventsAfter(worker.committedPosition(), worker.minSlice(),
					worker.maxSlice(), 1);
			if (!next.isEmpty() && next.get(0).position() <= head) {
				return false;
			}
		}
		return true;
	}

	/**
	 * @return the engine's clock, to advance
	 */
	public EgoTestClock clock() {
		return this.clock;
	}

	/**
	 * @return the engine under test
	 */
	public EgoEngine engine() {
		return this.engine;
	}

	/**
	 * @return how long this scenario waits for events and projections
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * A scenario that waits at most this long.
	 * @param timeout the longest wait, positive
	 * @return a scenario on the same engine
	 */
	public EgoScenario within(Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
		}
		return new EgoScenario(this.engine, this.journal, this.recorder, this.clock, this.publishers, timeout);
	}

	JournalRecorder recorder() {
		return this.recorder;
	}

	private EntityTypeInfo.Kind kind(String entityType) {
		return this.engine.entityTypes()
			.stream()
			.filter((type) -> type.name().equals(entityType))
			.map(EntityTypeInfo::kind)
			.findFirst()
			.orElse(EntityTypeInfo.Kind.EVENT_SOURCED);
	}

	private String entityTypes() {
		List<String> types = this.engine.entityTypes()
			.stream()
			.map((type) -> type.name() + " (" + type.behaviorClass() + ")")
			.toList();
		return types.isEmpty() ? "it has no entity type" : "entity types: " + String.join(", ", types);
	}

}
