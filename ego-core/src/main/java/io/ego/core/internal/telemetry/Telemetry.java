package io.ego.core.internal.telemetry;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.google.protobuf.Message;
import io.ego.core.observation.CommandContext;
import io.ego.core.observation.CommandObservationConvention;
import io.ego.core.observation.DeadLetterContext;
import io.ego.core.observation.DeadLetterObservationConvention;
import io.ego.core.observation.DefaultCommandObservationConvention;
import io.ego.core.observation.DefaultDeadLetterObservationConvention;
import io.ego.core.observation.DefaultPersistObservationConvention;
import io.ego.core.observation.DefaultProjectionBatchObservationConvention;
import io.ego.core.observation.DefaultProjectionEventObservationConvention;
import io.ego.core.observation.DefaultPublishObservationConvention;
import io.ego.core.observation.DefaultRecoveryObservationConvention;
import io.ego.core.observation.DefaultRetentionObservationConvention;
import io.ego.core.observation.DefaultSagaStepObservationConvention;
import io.ego.core.observation.DefaultSnapshotObservationConvention;
import io.ego.core.observation.PersistContext;
import io.ego.core.observation.PersistObservationConvention;
import io.ego.core.observation.ProjectionBatchContext;
import io.ego.core.observation.ProjectionBatchObservationConvention;
import io.ego.core.observation.ProjectionEventContext;
import io.ego.core.observation.ProjectionEventObservationConvention;
import io.ego.core.observation.PublishContext;
import io.ego.core.observation.PublishObservationConvention;
import io.ego.core.observation.RecoveryContext;
import io.ego.core.observation.RecoveryObservationConvention;
import io.ego.core.observation.RetentionContext;
import io.ego.core.observation.RetentionObservationConvention;
import io.ego.core.observation.SagaStepContext;
import io.ego.core.observation.SagaStepObservationConvention;
import io.ego.core.observation.SnapshotContext;
import io.ego.core.observation.SnapshotObservationConvention;
import io.ego.core.store.PersistedEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the engine's observations, or nothing at all when there is no observation
 * registry: every factory method returns {@code null} then, so the hot path pays one
 * final-field check.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class Telemetry {

	/** No observations, no meters. */
	public static final Telemetry NOOP = new Telemetry(ObservationRegistry.NOOP, List.of(), EngineMetrics.NOOP, false);

	private static final Logger logger = LoggerFactory.getLogger(Telemetry.class);

	private static final long HANDLER_WARNING_INTERVAL_NANOS = 10_000_000_000L;

	private static volatile long lastHandlerWarning;

	/**
	 * Marks when a command left its entity's mailbox. Meter handlers count it as
	 * {@code ego.command.dequeued}: the observation's name, then the event's.
	 */
	public static final Observation.Event DEQUEUED = Observation.Event.of("dequeued", "taken from the mailbox");

	private final ObservationRegistry registry;

	private final boolean enabled;

	private final EngineMetrics metrics;

	/**
	 * Whether commands and their writes are timed by meters instead of observations (no
	 * observation, span or handler call per command).
	 */
	private final boolean timesCommands;

	private final @Nullable CommandObservationConvention command;

	private final @Nullable PersistObservationConvention persist;

	private final @Nullable RecoveryObservationConvention recovery;

	private final @Nullable SnapshotObservationConvention snapshot;

	private final @Nullable RetentionObservationConvention retention;

	private final @Nullable ProjectionBatchObservationConvention projectionBatch;

	private final @Nullable ProjectionEventObservationConvention projectionEvent;

	private final @Nullable PublishObservationConvention publish;

	private final @Nullable SagaStepObservationConvention sagaStep;

	private final @Nullable DeadLetterObservationConvention deadLetter;

	/**
	 * @param registry the observation registry ({@code NOOP}: no observations)
	 * @param conventions conventions replacing the defaults
	 * @param metrics the meters ({@code NOOP}: none)
	 * @param commandMeters whether commands and their writes are timed by the meters
	 * instead of observations (when there are meters)
	 * @return the telemetry, {@link #NOOP} when nothing is recorded
	 */
	public static Telemetry of(ObservationRegistry registry, List<ObservationConvention<?>> conventions,
			EngineMetrics metrics, boolean commandMeters) {
		if (registry.isNoop() && metrics == EngineMetrics.NOOP) {
			return NOOP;
		}
		return new Telemetry(registry, List.copyOf(conventions), metrics,
				commandMeters && metrics != EngineMetrics.NOOP);
	}

	/**
	 * Creates the telemetry of an engine.
	 * @param registry the observation registry ({@link ObservationRegistry#NOOP} for
	 * none)
	 * @param conventions custom conventions replacing the defaults (each matched by the
	 * context it supports)
	 * @param metrics the engine's meters
	 * @param timesCommands whether commands and their writes are timed by the meters
	 * instead of observations
	 */
	public Telemetry(ObservationRegistry registry, List<ObservationConvention<?>> conventions, EngineMetrics metrics,
			boolean timesCommands) {
		this.registry = registry;
		this.enabled = !registry.isNoop();
		this.metrics = metrics;
		this.timesCommands = timesCommands;
		this.command = find(conventions, CommandObservationConvention.class);
		this.persist = find(conventions, PersistObservationConvention.class);
		this.recovery = find(conventions, RecoveryObservationConvention.class);
		this.snapshot = find(conventions, SnapshotObservationConvention.class);
		this.retention = find(conventions, RetentionObservationConvention.class);
		this.projectionBatch = find(conventions, ProjectionBatchObservationConvention.class);
		this.projectionEvent = find(conventions, ProjectionEventObservationConvention.class);
		this.publish = find(conventions, PublishObservationConvention.class);
		this.deadLetter = find(conventions, DeadLetterObservationConvention.class);
		this.sagaStep = find(conventions, SagaStepObservationConvention.class);
	}

	private static <T> @Nullable T find(List<ObservationConvention<?>> conventions, Class<T> type) {
		for (ObservationConvention<?> convention : conventions) {
			if (type.isInstance(convention)) {
				return type.cast(convention);
			}
		}
		return null;
	}

	/**
	 * @return whether observations are recorded
	 */
	boolean enabled() {
		return this.enabled;
	}

	/**
	 * @return whether commands and their writes are timed by the meters
	 * ({@link EngineMetrics.EntityMetrics#commandCompleted}) instead of observations
	 */
	public boolean timesCommands() {
		return this.timesCommands;
	}

	private <C extends Observation.Context> @Nullable Observation start(@Nullable ObservationConvention<C> custom,
			ObservationConvention<C> defaults, C context) {
		Supplier<C> supplier = () -> context;
		try {
			return Observation.createNotStarted(custom, defaults, supplier, this.registry).start();
		}
		catch (Throwable ex) {
			handlerFailed("starting", ex);
			return null; // not recorded: an observation handler must not break the engine
		}
	}

	/**
	 * Logs that an observation handler or convention threw; at WARN at most every 10
	 * seconds, else at DEBUG.
	 * @param what what the engine was doing
	 * @param ex what the handler threw
	 */
	static void handlerFailed(String what, Throwable ex) {
		warnRarely("An observation handler threw while " + what + " an observation; the engine goes on without it", ex);
	}

	/** Logs at WARN at most every 10 seconds, else at DEBUG. */
	private static void warnRarely(String message, Throwable ex) {
		long now = System.nanoTime();
		long last = lastHandlerWarning;
		if (now - last > HANDLER_WARNING_INTERVAL_NANOS || last == 0) {
			lastHandlerWarning = now;
			logger.warn("{}", message, ex);
		}
		else {
			logger.debug("{}", message, ex);
		}
	}

	/**
	 * Logs that a meter threw while the engine recorded on it; like
	 * {@link #handlerFailed}.
	 * @param ex what the meter threw
	 */
	public static void meterFailed(Throwable ex) {
		warnRarely("A meter threw while the engine timed a command or a write; the engine goes on without it", ex);
	}

	/**
	 * Records an event on an observation; a handler that throws is logged, never
	 * propagated.
	 */
	public static void event(@Nullable Observation observation, Observation.Event event) {
		if (observation == null) {
			return;
		}
		try {
			observation.event(event);
		}
		catch (Throwable ex) {
			handlerFailed("recording an event on", ex);
		}
	}

	public @Nullable Observation command(String entityType, String entityId, Message command) {
		if (!this.enabled || this.timesCommands) {
			return null;
		}
		CommandContext context = new CommandContext();
		context.setEntityType(entityType);
		context.setEntityId(entityId);
		context.setCommandType(command.getDescriptorForType().getFullName());
		return start(this.command, DefaultCommandObservationConvention.INSTANCE, context);
	}

	public @Nullable Observation persist(String entityType, String persistenceId, int events, int commands,
			@Nullable Observation parent) {
		if (!this.enabled || this.timesCommands) {
			return null;
		}
		PersistContext context = new PersistContext();
		context.setEntityType(entityType);
		context.setPersistenceId(persistenceId);
		context.setEvents(events);
		context.setCommands(commands);
		if (parent == null) {
			return start(this.persist, DefaultPersistObservationConvention.INSTANCE, context);
		}
		// tracing handlers take the parent span from the current scope: open the
		// command's while starting
		context.setParentObservation(parent);
		try (Observation.Scope scope = parent.openScope()) {
			return start(this.persist, DefaultPersistObservationConvention.INSTANCE, context);
		}
		catch (Throwable ex) {
			handlerFailed("starting", ex);
			return null;
		}
	}

	public @Nullable Observation recovery(String entityType, String persistenceId) {
		if (!this.enabled) {
			return null;
		}
		RecoveryContext context = new RecoveryContext();
		context.setEntityType(entityType);
		context.setPersistenceId(persistenceId);
		return start(this.recovery, DefaultRecoveryObservationConvention.INSTANCE, context);
	}

	public @Nullable Observation snapshot(String entityType, String persistenceId, long sequenceNr) {
		if (!this.enabled) {
			return null;
		}
		SnapshotContext context = new SnapshotContext();
		context.setEntityType(entityType);
		context.setPersistenceId(persistenceId);
		context.setSequenceNr(sequenceNr);
		return start(this.snapshot, DefaultSnapshotObservationConvention.INSTANCE, context);
	}

	public @Nullable Observation retention(String entityType, String persistenceId, long sequenceNr) {
		if (!this.enabled) {
			return null;
		}
		RetentionContext context = new RetentionContext();
		context.setEntityType(entityType);
		context.setPersistenceId(persistenceId);
		context.setSequenceNr(sequenceNr);
		return start(this.retention, DefaultRetentionObservationConvention.INSTANCE, context);
	}

	public @Nullable Observation projectionBatch(String projection, String worker, int size) {
		if (!this.enabled) {
			return null;
		}
		ProjectionBatchContext context = new ProjectionBatchContext();
		context.setProjection(projection);
		context.setWorker(worker);
		context.setSize(size);
		return start(this.projectionBatch, DefaultProjectionBatchObservationConvention.INSTANCE, context);
	}

	public @Nullable Observation projectionEvent(String projection, String worker, PersistedEvent event) {
		if (!this.enabled) {
			return null;
		}
		ProjectionEventContext context = new ProjectionEventContext(event.metadata());
		context.setProjection(projection);
		context.setWorker(worker);
		context.setEntityType(event.entityType());
		context.setEventType(event.eventType());
		context.setPersistenceId(event.persistenceId());
		context.setSequenceNr(event.sequenceNr());
		return start(this.projectionEvent, DefaultProjectionEventObservationConvention.INSTANCE, context);
	}

	public @Nullable Observation publish(String publisher, String worker, int size) {
		if (!this.enabled) {
			return null;
		}
		PublishContext context = new PublishContext();
		context.setPublisher(publisher);
		context.setWorker(worker);
		context.setSize(size);
		return start(this.publish, DefaultPublishObservationConvention.INSTANCE, context);
	}

	public @Nullable Observation sagaStep(String saga, String sagaId, String step, String targetType,
			boolean compensating, int attempt, Map<String, String> metadata) {
		if (!this.enabled) {
			return null;
		}
		SagaStepContext context = new SagaStepContext(metadata);
		context.setSaga(saga);
		context.setSagaId(sagaId);
		context.setStep(step);
		context.setTargetType(targetType);
		context.setCompensating(compensating);
		context.setAttempt(attempt);
		return start(this.sagaStep, DefaultSagaStepObservationConvention.INSTANCE, context);
	}

	public void deadLetter(String consumer, PersistedEvent event, String cause) {
		if (!this.enabled) {
			return;
		}
		DeadLetterContext context = new DeadLetterContext();
		context.setConsumer(consumer);
		context.setEntityType(event.entityType());
		context.setPersistenceId(event.persistenceId());
		context.setSequenceNr(event.sequenceNr());
		context.setCause(cause);
		stop(start(this.deadLetter, DefaultDeadLetterObservationConvention.INSTANCE, context), "dead-lettered", null);
	}

	/**
	 * Sets an observation's outcome (when it has one) and stops it; a no-op for
	 * {@code null}.
	 */
	public static void stop(@Nullable Observation observation, String outcome, @Nullable Throwable error) {
		if (observation == null) {
			return;
		}
		Observation.Context context = observation.getContext();
		switch (context) {
			case CommandContext c -> c.setOutcome(outcome);
			case PersistContext c -> c.setOutcome(outcome);
			case RecoveryContext c -> c.setOutcome(outcome);
			case SnapshotContext c -> c.setOutcome(outcome);
			case RetentionContext c -> c.setOutcome(outcome);
			case ProjectionEventContext c -> c.setOutcome(outcome);
			case PublishContext c -> c.setOutcome(outcome);
			case SagaStepContext c -> c.setOutcome(outcome);
			default -> {
			}
		}
		try {
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
		}
		catch (Throwable ex) {
			handlerFailed("stopping", ex);
		}
	}

	/**
	 * @return the trace-context carrier of a command observation, or an empty map
	 */
	public static Map<String, String> metadataOf(@Nullable Observation command) {
		if (command != null && command.getContext() instanceof CommandContext context) {
			Map<String, String> carrier = context.getCarrier();
			if (carrier != null && !carrier.isEmpty()) {
				return Map.copyOf(carrier);
			}
		}
		return Map.of();
	}

	/**
	 * @return the meters the engine records into
	 */
	public EngineMetrics metrics() {
		return this.metrics;
	}

}
