package io.ego.core.internal.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.google.protobuf.Message;
import io.ego.core.CommandOptions;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EngineStoppedException;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaHistoryEntry;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaSettings;
import io.ego.core.saga.SagaStatus;
import io.ego.core.store.SagaIndexEntry;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.TimerStore;
import io.ego.core.v1.DeliverSagaEvent;
import io.ego.core.v1.DeliverStepOutcome;
import io.ego.core.v1.SagaHistoryRecord;
import io.ego.core.v1.SagaInstanceState;
import io.ego.core.v1.SagaStarted;
import io.ego.core.v1.SagaStatusChanged;
import io.ego.core.v1.SagaStatusValue;
import io.ego.core.v1.SagaStepDispatched;
import io.ego.core.v1.SagaStepRecord;
import io.ego.core.v1.SagaStepRedispatched;
import io.ego.core.v1.StepOutcomeKind;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One saga's machinery: its instance entity, the journal reader that routes events to
 * instances, and the dispatcher that performs what instances recorded (sends steps, keeps
 * their timers). Both are projections of the engine, so they are leased (run once among
 * instances sharing the stores) and resume from their offsets after a restart.
 * <p>
 * Side effects follow the instance's events, never precede them: a step is sent after
 * {@code SagaStepDispatched} is durable, with a timer stored first that sends it again if
 * no outcome is recorded in time; a crash at any point leaves either the event to re-read
 * or the timer to fire, and the target deduplicates the re-send by command id.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class SagaRuntime {

	private static final Logger logger = LoggerFactory.getLogger(SagaRuntime.class);

	private final String name;

	private final String entityType;

	private final SagaBehavior<?> behavior;

	private final SagaSettings settings;

	private final SagaCodec codec;

	private final SagaEntity<?> entity;

	private final CompletableFuture<EgoEngine> engine = new CompletableFuture<>();

	private final TimerStore timers;

	private final SagaIndexStore index;

	private volatile Telemetry telemetry = Telemetry.NOOP;

	/** The step attempts sent on the reply of the write that recorded them. */
	private final SagaSends sends = new SagaSends();

	SagaRuntime(String name, SagaBehavior<? extends Message> behavior, SagaSettings settings, SagaCodec codec,
			Clock clock, TimerStore timers, SagaIndexStore index) {
		this.name = name;
		this.entityType = SagaCodec.TYPE_PREFIX + name;
		this.behavior = behavior;
		this.settings = settings;
		this.codec = codec;
		this.timers = timers;
		this.index = index;
		this.entity = new SagaEntity<>(name, behavior, settings, codec, clock, this.sends);
	}

	String name() {
		return this.name;
	}

	/**
	 * @return the entity type of the saga's instances
	 */
	public String entityType() {
		return this.entityType;
	}

	/**
	 * @return the behaviour of the saga's instances
	 */
	public SagaEntity<?> entity() {
		return this.entity;
	}

	SagaSettings settings() {
		return this.settings;
	}

	/**
	 * @return the name of the projection that feeds the saga from the journal
	 */
	public String readerName() {
		return this.entityType + ".reader";
	}

	/**
	 * @return the name of the projection that performs what instances recorded
	 */
	public String dispatcherName() {
		return this.entityType + ".dispatcher";
	}

	/**
	 * @return the settings of the reader
	 */
	public ProjectionSettings readerSettings() {
		return ProjectionSettings.defaults()
			.withParallelism(this.settings.parallelism())
			.withPullInterval(Duration.ofMillis(200))
			.withRecovery(RecoveryPolicy.RETRY_AND_FAIL, 3, Duration.ofSeconds(1));
	}

	/**
	 * @return the settings of the dispatcher, a publisher: it retries a batch with
	 * back-off until the stores take its writes
	 */
	public ProjectionSettings dispatcherSettings() {
		return ProjectionSettings.defaults()
			.withParallelism(this.settings.parallelism())
			.withPullInterval(Duration.ofMillis(200))
			.withRecovery(RecoveryPolicy.RETRY_AND_FAIL, 900, Duration.ofSeconds(1));
	}

	void bind(EgoEngine running, Telemetry telemetry) {
		this.telemetry = telemetry;
		this.engine.complete(running);
	}

	private EgoEngine engine() throws InterruptedException {
		try {
			return this.engine.get();
		}
		catch (ExecutionException ex) {
			throw new EngineStoppedException("the engine did not start");
		}
	}

	/**
	 * @return the projection routing journal events to instances
	 */
	public Projection reader() {
		return new Projection() {
			@Override
			public void handle(EventEnvelope envelope) throws Exception {
				route(envelope);
			}

			@Override
			public void onErased(EventEnvelope envelope) throws Exception {
				// an EntityErased or ErasedEvent marker, correlated like an event
				route(envelope);
			}

			@Override
			public List<? extends Message> messageTypes() {
				return SagaRuntime.this.behavior.messageTypes();
			}
		};
	}

	/**
	 * @return the publisher performing what instances recorded, a batch of the journal at
	 * a time
	 */
	public EventPublisher dispatcher() {
		return this::performAll;
	}

	private void route(EventEnvelope envelope) throws Exception {
		if (envelope.entityType().startsWith(SagaCodec.TYPE_PREFIX)) {
			return;
		}
		String sagaId = this.behavior.correlate(envelope);
		if (sagaId == null) {
			return;
		}
		DeliverSagaEvent delivery = delivery(envelope, this.behavior.startsWith(envelope));
		EgoEngine running = engine();
		// idempotent by position: a failure (written or not) is sent again until accepted
		for (int attempt = 1;; attempt++) {
			CommandReply<?> reply = running.entity(this.entityType, sagaId).ask(delivery).get();
			switch (reply) {
				case CommandReply.Accepted<?> accepted -> {
					sendRecorded(running, sagaId, accepted);
					return;
				}
				case CommandReply.Rejected<?> rejected -> throw new IllegalStateException("saga '" + this.name
						+ "' instance '" + sagaId + "' refused " + describe(envelope) + ": " + rejected.reason());
				case CommandReply.Failed<?> failed -> {
					if (!running.isRunning()) {
						throw failed.error();
					}
					Duration delay = this.settings.backoff(attempt);
					logger.debug("saga '{}' instance '{}' could not take {} (attempt {}), again in {}: {}", this.name,
							sagaId, describe(envelope), attempt, delay, failed.error().getMessage());
					Thread.sleep(delay.toMillis());
				}
			}
		}
	}

	/**
	 * Builds the command that delivers a journal event to the instance it correlates
	 * with.
	 * @param envelope the journal event
	 * @param starts whether it starts the instance
	 * @return the command
	 */
	static DeliverSagaEvent delivery(EventEnvelope envelope, boolean starts) {
		return DeliverSagaEvent.newBuilder()
			.setPosition(envelope.position())
			.setPersistenceId(envelope.persistenceId())
			.setEntityType(envelope.entityType())
			.setEntityId(envelope.entityId())
			.setSequenceNr(envelope.sequenceNr())
			.setSlice(envelope.slice())
			.setEvent(SagaCodec.pack(envelope.event()))
			.setWriteTime(SagaCodec.timestamp(envelope.writeTime()))
			.putAllMetadata(envelope.metadata())
			.setStarts(starts)
			.build();
	}

	private static String describe(EventEnvelope envelope) {
		return "event " + envelope.sequenceNr() + " of '" + envelope.persistenceId() + "' at position "
				+ envelope.position();
	}

	/**
	 * Performs what a batch of the journal's events asks of the saga's instances: sends
	 * the steps at once (without waiting for their outcomes), then writes the timers and
	 * statuses of the whole batch, each in as few round trips as the stores allow. The
	 * batch's offset moves only after this returns, so a crash at any point leaves the
	 * batch to read again: sends are deduplicated by their targets, timer writes and
	 * statuses are idempotent.
	 */
	void performAll(List<EventEnvelope> events) throws InterruptedException {
		SagaTimerChanges timerChanges = new SagaTimerChanges(this.entityType);
		Map<String, SagaIndexEntry> statuses = new LinkedHashMap<>();
		for (EventEnvelope envelope : events) {
			if (!envelope.entityType().equals(this.entityType)) {
				continue;
			}
			String sagaId = envelope.entityId();
			Message event = envelope.event();
			SagaStepRecord step = stepToSend(event);
			if (step != null) {
				if (!this.sends.sentOnReply(step)) {
					send(engine(), sagaId, step, envelope.metadata());
				}
				continue;
			}
			timerChanges.add(sagaId, event);
			SagaIndexEntry status = switch (event) {
				case SagaStarted started -> entry(envelope, SagaStatus.RUNNING, "");
				case SagaStatusChanged changed ->
					entry(envelope, SagaEntity.status(changed.getStatus()), changed.getReason());
				default -> null;
			};
			if (status != null) {
				statuses.merge(sagaId, status,
						(held, later) -> (later.sequenceNr() > held.sequenceNr()) ? later : held);
			}
		}
		timerChanges.apply(this.timers);
		if (!statuses.isEmpty()) {
			this.index.updateAll(List.copyOf(statuses.values()));
		}
	}

	/**
	 * Tells which step attempt one of an instance's events asks the dispatcher to send.
	 * @param event the instance's event
	 * @return the attempt, or {@code null}
	 */
	static @Nullable SagaStepRecord stepToSend(Message event) {
		return switch (event) {
			case SagaStepDispatched dispatched -> dispatched.getStep();
			case SagaStepRedispatched redispatched -> redispatched.getStep();
			default -> null;
		};
	}

	/**
	 * Keeps an instance's timers in the store as one of its events asks, as the
	 * dispatcher does for a batch.
	 * @param group the timers' group, the saga's entity type
	 * @param sagaId the instance's id
	 * @param event the instance's event
	 * @param timers the timer store
	 */
	static void keepTimers(String group, String sagaId, Message event, TimerStore timers) {
		SagaTimerChanges changes = new SagaTimerChanges(group);
		changes.add(sagaId, event);
		changes.apply(timers);
	}

	private SagaIndexEntry entry(EventEnvelope envelope, SagaStatus status, String reason) {
		return new SagaIndexEntry(this.name, envelope.entityId(), status.name(), envelope.sequenceNr(),
				envelope.writeTime(), reason);
	}

	/**
	 * Sends one attempt of a step; its outcome goes back to the instance. The instance's
	 * step watch (armed by the same write) sends it again when no outcome is recorded in
	 * time.
	 */
	private void send(EgoEngine running, String sagaId, SagaStepRecord step, Map<String, String> metadata) {
		Observation observation = this.telemetry.sagaStep(this.name, sagaId, step.getName(), step.getEntityType(),
				step.getCompensating(), step.getAttempt(), metadata);
		CompletableFuture<? extends CommandReply<?>> reply;
		try {
			Message command = this.codec.unpack(step.getCommand(), "the command of " + SagaFold.describe(step)
					+ " of saga '" + this.name + "' instance '" + sagaId + "'");
			if (command == null) {
				throw new IllegalStateException("no command recorded");
			}
			reply = running.entity(step.getEntityType(), step.getEntityId())
				.ask(command, CommandOptions.id(step.getCommandId()));
		}
		catch (RuntimeException ex) {
			// the step can never be sent (unknown type or id, unreadable command)
			Telemetry.stop(observation, "failed", ex);
			deliver(running, sagaId, outcome(step).setOutcome(StepOutcomeKind.STEP_FAILED).setReason(ex.getMessage()));
			return;
		}
		reply.whenComplete((answer, error) -> {
			DeliverStepOutcome.Builder outcome = outcome(step, answer, error);
			Telemetry.stop(observation, observed(outcome.getOutcome()), error);
			try {
				deliver(running, sagaId, outcome);
			}
			catch (Throwable ex) {
				// the step watch sends the step again
				logger.warn("saga '{}' instance '{}': could not record the outcome of {}", this.name, sagaId,
						SagaFold.describe(step), ex);
			}
		});
	}

	private static String observed(StepOutcomeKind kind) {
		return switch (kind) {
			case STEP_ACCEPTED -> "accepted";
			case STEP_REJECTED -> "rejected";
			case STEP_FAILED -> "failed";
			default -> "unknown";
		};
	}

	private static DeliverStepOutcome.Builder outcome(SagaStepRecord step) {
		return DeliverStepOutcome.newBuilder().setSeq(step.getSeq()).setAttempt(step.getAttempt());
	}

	private static DeliverStepOutcome.Builder outcome(SagaStepRecord step, @Nullable CommandReply<?> reply,
			@Nullable Throwable error) {
		DeliverStepOutcome.Builder outcome = outcome(step);
		if (reply == null) {
			return outcome.setTransient(true)
				.setOutcome(StepOutcomeKind.STEP_OUTCOME_UNKNOWN)
				.setReason(String.valueOf(error));
		}
		return switch (reply) {
			case CommandReply.Accepted<?> accepted ->
				outcome.setOutcome(StepOutcomeKind.STEP_ACCEPTED).setResult(SagaCodec.pack(accepted.state()));
			case CommandReply.Rejected<?> rejected ->
				outcome.setOutcome(StepOutcomeKind.STEP_REJECTED).setReason(rejected.reason());
			case CommandReply.Failed<?> failed -> outcome.setTransient(true)
				.setOutcome(
						failed.outcomeUnknown() ? StepOutcomeKind.STEP_OUTCOME_UNKNOWN : StepOutcomeKind.STEP_FAILED)
				.setReason(String.valueOf(failed.error().getMessage()));
		};
	}

	private void deliver(EgoEngine running, String sagaId, DeliverStepOutcome.Builder outcome) {
		running.entity(this.entityType, sagaId)
			.ask(outcome.build())
			.whenComplete((reply, error) -> sendRecorded(running, sagaId, reply));
	}

	/**
	 * Sends the step attempts an instance's acknowledged write recorded (its reply's
	 * state holds them waiting), without waiting for the dispatcher to read the write
	 * from the journal; the dispatcher skips them then. A reply is accepted only once the
	 * write is durable, so a step is still sent only after its dispatch is.
	 * @param running the engine
	 * @param sagaId the instance
	 * @param reply the reply of a command to the instance, if any
	 */
	void sendRecorded(EgoEngine running, String sagaId, @Nullable CommandReply<?> reply) {
		if (!(reply instanceof CommandReply.Accepted<?> accepted)
				|| !(accepted.state() instanceof SagaInstanceState state)) {
			return;
		}
		for (SagaStepRecord step : state.getPendingList()) {
			if (!step.hasSentAt()) {
				continue;
			}
			Map<String, String> metadata = this.sends.claim(step);
			if (metadata != null) {
				try {
					send(running, sagaId, step, metadata);
				}
				catch (RuntimeException ex) {
					// the dispatcher no longer sends it: the step watch does
					logger.warn("saga '{}' instance '{}': could not send {}", this.name, sagaId,
							SagaFold.describe(step), ex);
				}
			}
		}
	}

	/**
	 * @return the attempts remembered to send on replies, for tests
	 */
	int announcedSends() {
		return this.sends.size();
	}

	/**
	 * Reads an instance for operators.
	 */
	SagaInstance<?> view(String sagaId, SagaInstanceState state) {
		SagaStatus status = SagaEntity.status(state);
		List<String> pending = new ArrayList<>(state.getPendingCount());
		for (SagaStepRecord step : state.getPendingList()) {
			pending.add(step.getName());
		}
		List<SagaHistoryEntry> history = new ArrayList<>(state.getHistoryCount());
		for (SagaHistoryRecord entry : state.getHistoryList()) {
			history.add(new SagaHistoryEntry(SagaCodec.instant(entry.getAt()), entry.getWhat()));
		}
		return instance(sagaId, status, state, pending, history);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private SagaInstance<?> instance(String sagaId, SagaStatus status, SagaInstanceState state, List<String> pending,
			List<SagaHistoryEntry> history) {
		boolean started = status != SagaStatus.NEW;
		return new SagaInstance(this.name, sagaId, status, this.entity.userState(state), state.getReason(), pending,
				history, started ? SagaCodec.instant(state.getStartedAt()) : null,
				started ? SagaCodec.instant(state.getUpdatedAt()) : null);
	}

	static boolean isFinal(SagaStatusValue status) {
		return status == SagaStatusValue.SAGA_COMPLETED || status == SagaStatusValue.SAGA_COMPENSATED
				|| status == SagaStatusValue.SAGA_FAILED;
	}

}
