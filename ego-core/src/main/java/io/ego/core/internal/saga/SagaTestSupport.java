package io.ego.core.internal.saga;

import java.time.Clock;
import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaSettings;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemorySagaIndexStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.core.v1.DeliverSagaEvent;
import io.ego.core.v1.DeliverStepOutcome;
import io.ego.core.v1.FireSagaTimer;
import io.ego.core.v1.SagaInstanceState;
import io.ego.core.v1.SagaPayload;
import io.ego.core.v1.SagaStepRecord;
import io.ego.core.v1.StartSaga;
import io.ego.core.v1.StepOutcomeKind;
import org.jspecify.annotations.Nullable;

/**
 * The seam through which a test kit (ego-testkit's {@code SagaScenario}) runs a saga
 * without an engine: the real instance entity ({@code SagaEntity}, with its fold,
 * deduplication, retries and compensation) on a clock of the caller's, the commands it
 * takes built as the saga's journal reader and dispatcher build them, and what the
 * dispatcher does for each of the instance's events (which step it sends, which timers it
 * keeps). Not for applications: internal, with no compatibility promise.
 * <p>
 * {@link #perform} runs the dispatcher's own code; the outcome commands mirror those
 * {@code SagaRuntime} builds from a command's reply.
 *
 * @param <S> the saga's state type
 * @author eGo team
 * @since 0.2.0
 */
public final class SagaTestSupport<S extends Message> {

	private final SagaRuntime runtime;

	private final SagaCodec codec;

	private SagaTestSupport(SagaRuntime runtime, SagaCodec codec) {
		this.runtime = runtime;
		this.codec = codec;
	}

	/**
	 * Builds a saga's instance entity as the engine does.
	 * @param sagaName the saga's name
	 * @param behavior its behaviour
	 * @param settings its settings
	 * @param clock the clock the entity reads (timers are due relative to it)
	 * @param messageTypes messages whose {@code .proto} files the saga reads besides its
	 * state's and its declared {@link SagaBehavior#messageTypes() message types} (in an
	 * engine: the registered entity types' files)
	 * @param <S> the state type
	 * @return the support
	 * @throws IllegalArgumentException when the behaviour's initial state is {@code null}
	 */
	public static <S extends Message> SagaTestSupport<S> create(String sagaName, SagaBehavior<S> behavior,
			SagaSettings settings, Clock clock, List<? extends Message> messageTypes) {
		S initial = behavior.initialState();
		if (initial == null) {
			throw new IllegalArgumentException(
					"saga '" + sagaName + "' (" + behavior.getClass().getName() + ") returned a null initial state");
		}
		MessageTypes types = new MessageTypes();
		types.registerFileOf(SagaInstanceState.getDefaultInstance());
		types.registerFileOf(initial);
		for (Message type : behavior.messageTypes()) {
			types.registerFileOf(type);
		}
		for (Message type : messageTypes) {
			types.registerFileOf(type);
		}
		SagaCodec codec = new SagaCodec(types);
		return new SagaTestSupport<>(new SagaRuntime(sagaName, behavior, settings, codec, clock,
				new InMemoryTimerStore(), new InMemorySagaIndexStore()), codec);
	}

	/**
	 * @return the entity type of the saga's instances, {@code saga.<name>}
	 */
	public String entityType() {
		return this.runtime.entityType();
	}

	/**
	 * @return the behaviour of the saga's instances, as the engine runs it
	 */
	public EventSourcedBehavior<SagaInstanceState> entity() {
		return this.runtime.entity();
	}

	/**
	 * Makes the messages of a {@code .proto} file readable (a journal event's, a step
	 * result's).
	 * @param type a generated message of that file
	 */
	public void register(Message type) {
		this.codec.types().registerFileOf(type);
	}

	/**
	 * Reads an instance as operators see it ({@code EgoEngine.sagas().status(...)}).
	 * @param sagaId the instance's id
	 * @param state its state
	 * @return the instance
	 */
	@SuppressWarnings("unchecked")
	public SagaInstance<S> view(String sagaId, SagaInstanceState state) {
		return (SagaInstance<S>) this.runtime.view(sagaId, state);
	}

	/**
	 * Reads a message an instance keeps (a step's command, a result).
	 * @param payload the packed message
	 * @return the message, or {@code null} for the empty payload
	 * @throws io.ego.core.UnknownMessageTypeException when its type is not known
	 */
	public @Nullable Message unpack(SagaPayload payload) {
		return this.codec.unpack(payload, "a message of saga '" + this.runtime.name() + "'");
	}

	/**
	 * @param start the start message
	 * @return the command of an explicit start ({@code Sagas.start})
	 */
	public StartSaga start(Message start) {
		return StartSaga.newBuilder().setStart(SagaCodec.pack(start)).build();
	}

	/**
	 * Builds the command the saga's journal reader sends an instance for an event that
	 * {@link SagaBehavior#correlate} mapped to it.
	 * @param envelope the journal event
	 * @param starts whether it starts the instance ({@link SagaBehavior#startsWith})
	 * @return the command
	 */
	public DeliverSagaEvent delivery(EventEnvelope envelope, boolean starts) {
		return SagaRuntime.delivery(envelope, starts);
	}

	/**
	 * @param step the step's attempt
	 * @param result the target's state after it, or {@code null} for none
	 * @return the outcome of an accepted attempt
	 */
	public DeliverStepOutcome accepted(SagaStepRecord step, @Nullable Message result) {
		DeliverStepOutcome.Builder outcome = outcome(step).setOutcome(StepOutcomeKind.STEP_ACCEPTED);
		if (result != null) {
			outcome.setResult(SagaCodec.pack(result));
		}
		return outcome.build();
	}

	/**
	 * @param step the step's attempt
	 * @param reason the target's reason
	 * @return the outcome of an attempt the target rejected
	 */
	public DeliverStepOutcome rejected(SagaStepRecord step, String reason) {
		return outcome(step).setOutcome(StepOutcomeKind.STEP_REJECTED).setReason(reason).build();
	}

	/**
	 * @param step the step's attempt
	 * @param reason the failure's message
	 * @param outcomeUnknown whether the command may have been written
	 * @return the outcome of an attempt that failed for an infrastructure reason (retried
	 * while attempts remain)
	 */
	public DeliverStepOutcome failed(SagaStepRecord step, String reason, boolean outcomeUnknown) {
		return outcome(step).setTransient(true)
			.setOutcome(outcomeUnknown ? StepOutcomeKind.STEP_OUTCOME_UNKNOWN : StepOutcomeKind.STEP_FAILED)
			.setReason(reason)
			.build();
	}

	private static DeliverStepOutcome.Builder outcome(SagaStepRecord step) {
		return DeliverStepOutcome.newBuilder().setSeq(step.getSeq()).setAttempt(step.getAttempt());
	}

	/**
	 * @param timer a due timer of an instance
	 * @return the command that fires it
	 */
	public FireSagaTimer fire(TimerRecord timer) {
		return FireSagaTimer.newBuilder().setName(timer.name()).setDueAt(SagaCodec.timestamp(timer.dueAt())).build();
	}

	/**
	 * Does what the saga's dispatcher does for one of an instance's events (the same
	 * code): keeps its timers in the store and tells which step to send.
	 * @param sagaId the instance's id
	 * @param event the instance's event
	 * @param timers the timer store (group: the entity type, key: the instance's id)
	 * @return the step to send (an attempt of a forward step or of a compensation), or
	 * {@code null}
	 */
	public @Nullable SagaStepRecord perform(String sagaId, Message event, TimerStore timers) {
		SagaStepRecord step = SagaRuntime.stepToSend(event);
		if (step == null) {
			SagaRuntime.keepTimers(entityType(), sagaId, event, timers);
		}
		return step;
	}

}
