package io.ego.core.internal.saga;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.google.protobuf.Message;
import io.ego.core.CommandContext;
import io.ego.core.CommandRejectedException;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.UnsupportedCommandException;
import io.ego.core.internal.entity.NewEntityHint;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaContext;
import io.ego.core.saga.SagaReaction;
import io.ego.core.saga.SagaSettings;
import io.ego.core.saga.SagaStatus;
import io.ego.core.saga.SagaStep;
import io.ego.core.saga.StepOutcome;
import io.ego.core.v1.CancelSaga;
import io.ego.core.v1.DeliverSagaEvent;
import io.ego.core.v1.DeliverStepOutcome;
import io.ego.core.v1.FireSagaTimer;
import io.ego.core.v1.RetrySaga;
import io.ego.core.v1.SagaCompensationStarted;
import io.ego.core.v1.SagaInputHandled;
import io.ego.core.v1.SagaInstanceState;
import io.ego.core.v1.SagaPayload;
import io.ego.core.v1.SagaStarted;
import io.ego.core.v1.SagaStateChanged;
import io.ego.core.v1.SagaStatusChanged;
import io.ego.core.v1.SagaStatusValue;
import io.ego.core.v1.SagaStepAttemptFailed;
import io.ego.core.v1.SagaStepDispatched;
import io.ego.core.v1.SagaStepEnded;
import io.ego.core.v1.SagaStepRecord;
import io.ego.core.v1.SagaStepRedispatched;
import io.ego.core.v1.SagaStepWatchArmed;
import io.ego.core.v1.SagaStepWatchFired;
import io.ego.core.v1.SagaTimerCancelled;
import io.ego.core.v1.SagaTimerFired;
import io.ego.core.v1.SagaTimerRecord;
import io.ego.core.v1.SagaTimerScheduled;
import io.ego.core.v1.StartSaga;
import io.ego.core.v1.StepOutcomeKind;
import org.jspecify.annotations.Nullable;

/**
 * The behaviour of a saga's instances, an event-sourced entity of type
 * {@code saga.<name>}: turns each input (a start, a journal event, a step's outcome, a
 * timer) into the instance's events by calling the user's {@link SagaBehavior}, and runs
 * compensation. Every input is deduplicated against the state: a journal event by its
 * position, an outcome by its step and attempt, a timer by its due time, so re-delivery
 * changes nothing.
 *
 * @param <S> the user's state type
 * @author eGo team
 * @since 0.2.0
 */
final class SagaEntity<S extends Message> implements EventSourcedBehavior<SagaInstanceState>, NewEntityHint {

	private final String sagaName;

	private final SagaBehavior<S> behavior;

	private final SagaSettings settings;

	private final SagaCodec codec;

	private final Clock clock;

	private final S initialUserState;

	/** Told of every step attempt recorded, to send it on its write's reply. */
	private final SagaSends sends;

	SagaEntity(String sagaName, SagaBehavior<S> behavior, SagaSettings settings, SagaCodec codec, Clock clock,
			SagaSends sends) {
		this.sagaName = sagaName;
		this.sends = sends;
		this.behavior = behavior;
		this.settings = settings;
		this.codec = codec;
		this.clock = clock;
		this.initialUserState = behavior.initialState();
	}

	@Override
	public SagaInstanceState initialState() {
		return SagaInstanceState.getDefaultInstance();
	}

	/**
	 * An instance is usually new when it is started by name or by a journal event that
	 * starts instances: it then needs no recovery reads (see {@link NewEntityHint}).
	 */
	@Override
	public boolean startsNew(Message command) {
		return command instanceof StartSaga || (command instanceof DeliverSagaEvent event && event.getStarts());
	}

	@Override
	public SagaInstanceState handleEvent(Message event, SagaInstanceState state) {
		return SagaFold.apply(event, state, this.settings.historySize());
	}

	@Override
	public List<? extends Message> handleCommand(Message command, SagaInstanceState state, CommandContext context) {
		// millisecond precision: the due times recorded here are compared with those a
		// timer
		// store gives back
		Transition t = new Transition(state, this.clock.instant().truncatedTo(ChronoUnit.MILLIS), context.entityId());
		switch (command) {
			case StartSaga start -> start(t, start);
			case DeliverSagaEvent event -> deliver(t, event);
			case DeliverStepOutcome outcome -> outcome(t, outcome);
			case FireSagaTimer timer -> timer(t, timer);
			case RetrySaga retry -> retry(t);
			case CancelSaga cancel -> cancel(t, cancel);
			default -> throw new UnsupportedCommandException(command.getDescriptorForType().getFullName());
		}
		if (!t.events.isEmpty()) {
			armWatch(t);
			announce(t.events, context);
		}
		return t.events;
	}

	/**
	 * Announces the step attempts a transition records, with the metadata their events
	 * carry, so that the reply of their write can send them.
	 */
	private void announce(List<Message> events, CommandContext context) {
		Map<String, String> metadata = null;
		for (Message event : events) {
			SagaStepRecord step = SagaRuntime.stepToSend(event);
			if (step != null) {
				if (metadata == null) {
					metadata = context.metadata();
				}
				this.sends.announce(step, metadata);
			}
		}
	}

	static SagaStatus status(SagaInstanceState state) {
		return status(state.getStatus());
	}

	static SagaStatus status(SagaStatusValue value) {
		return switch (value) {
			case SAGA_RUNNING -> SagaStatus.RUNNING;
			case SAGA_COMPLETED -> SagaStatus.COMPLETED;
			case SAGA_COMPENSATING -> SagaStatus.COMPENSATING;
			case SAGA_COMPENSATED -> SagaStatus.COMPENSATED;
			case SAGA_FAILED -> SagaStatus.FAILED;
			default -> SagaStatus.NEW;
		};
	}

	S userState(SagaInstanceState state) {
		Message message = this.codec.unpack(state.getState(), "the state of a '" + this.sagaName + "' saga");
		if (message == null) {
			return this.initialUserState;
		}
		return castState(message);
	}

	@SuppressWarnings("unchecked")
	private S castState(Message message) {
		if (!this.initialUserState.getClass().isInstance(message)) {
			throw new IllegalStateException("saga '" + this.sagaName + "' returned a state of type "
					+ message.getClass().getName() + ", not " + this.initialUserState.getClass().getName());
		}
		return (S) message;
	}

	private void start(Transition t, StartSaga start) {
		if (t.status() != SagaStatus.NEW) {
			return;
		}
		Message message = this.codec.unpack(start.getStart(), "the start of saga '" + this.sagaName + "'");
		if (message == null) {
			throw new CommandRejectedException("a saga needs a start message");
		}
		t.emit(SagaStarted.newBuilder()
			.setAt(SagaCodec.timestamp(t.now))
			.setTrigger("started with " + message.getDescriptorForType().getName())
			.build());
		react(t, "start", () -> this.behavior.onStart(message, userState(t.state), t));
	}

	private void deliver(Transition t, DeliverSagaEvent delivered) {
		if (delivered.getPosition() <= t.state.getHandledPosition()) {
			return;
		}
		String what = "event " + delivered.getEvent().getType() + " of " + delivered.getPersistenceId() + " at "
				+ delivered.getPosition();
		if (t.status() == SagaStatus.NEW) {
			if (!delivered.getStarts()) {
				return;
			}
			t.emit(SagaStarted.newBuilder().setAt(SagaCodec.timestamp(t.now)).setTrigger(what).build());
		}
		else if (t.status().isFinal()) {
			return;
		}
		t.emit(SagaInputHandled.newBuilder()
			.setAt(SagaCodec.timestamp(t.now))
			.setPosition(delivered.getPosition())
			.setWhat(what)
			.build());
		if (t.status() != SagaStatus.RUNNING) {
			return;
		}
		Message event = this.codec.unpack(delivered.getEvent(), what);
		if (event == null) {
			return;
		}
		EventEnvelope envelope = new EventEnvelope(delivered.getPersistenceId(), delivered.getEntityType(),
				delivered.getEntityId(), delivered.getSequenceNr(), delivered.getPosition(), delivered.getSlice(),
				event, SagaCodec.instant(delivered.getWriteTime()), delivered.getMetadataMap());
		react(t, what, () -> this.behavior.onEvent(envelope, userState(t.state), t));
	}

	private void outcome(Transition t, DeliverStepOutcome outcome) {
		SagaStepRecord step = pending(t.state, outcome.getSeq());
		if (step == null || t.status().isFinal()) {
			return;
		}
		if (outcome.getTransient()) {
			if (outcome.getAttempt() != step.getAttempt()) {
				return;
			}
			Instant retryAt = t.now.plus(this.settings.backoff(step.getAttempt()));
			t.input("step " + step.getSeq() + " '" + step.getName() + "' attempt " + step.getAttempt() + " failed");
			t.emit(SagaStepAttemptFailed.newBuilder()
				.setSeq(step.getSeq())
				.setAttempt(step.getAttempt())
				.setReason(outcome.getReason())
				.setOutcomeUnknown(outcome.getOutcome() == StepOutcomeKind.STEP_OUTCOME_UNKNOWN)
				.setRetryAt(SagaCodec.timestamp(retryAt))
				.build());
			return;
		}
		t.input("outcome of step " + step.getSeq() + " '" + step.getName() + "'");
		endStep(t, step, outcome.getOutcome(), outcome.getReason(), outcome.getResult());
	}

	private void timer(Transition t, FireSagaTimer fired) {
		String name = fired.getName();
		if (t.status().isFinal() || t.status() == SagaStatus.NEW) {
			return;
		}
		if (name.equals(SagaCodec.STEP_WATCH)) {
			watch(t, fired);
			return;
		}
		if (name.startsWith("step-")) {
			// the retry of a step whose attempt failed
			SagaStepRecord step = pending(t.state, stepSeq(name));
			if (step != null) {
				sendAgain(t, step);
			}
			return;
		}
		SagaTimerRecord timer = timer(t.state, name);
		if (timer == null || !timer.getDueAt().equals(fired.getDueAt())) {
			return;
		}
		t.input("timer '" + name + "' fired");
		t.emit(SagaTimerFired.newBuilder().setName(name).build());
		if (t.status() == SagaStatus.RUNNING) {
			react(t, "timer '" + name + "'", () -> this.behavior.onTimer(name, userState(t.state), t));
		}
	}

	/**
	 * The step watch fired: sends again (or gives up) the steps sent at least a step
	 * timeout ago without an outcome; the watch is armed again for those still waiting.
	 */
	private void watch(Transition t, FireSagaTimer fired) {
		if (!fired.getDueAt().equals(t.state.getWatchDue())) {
			return;
		}
		List<SagaStepRecord> overdue = new ArrayList<>(1);
		boolean waiting = false;
		for (SagaStepRecord step : t.state.getPendingList()) {
			if (step.hasSentAt()) {
				waiting = true;
				if (!SagaCodec.instant(step.getSentAt()).plus(this.settings.stepTimeout()).isAfter(t.now)) {
					overdue.add(step);
				}
			}
		}
		if (!waiting) {
			// nothing to watch: no write (the next step sent arms the watch again)
			return;
		}
		t.emit(SagaStepWatchFired.newBuilder().setDueAt(fired.getDueAt()).build());
		for (SagaStepRecord step : overdue) {
			SagaStepRecord current = pending(t.state, step.getSeq());
			if (current != null && !t.status().isFinal()) {
				sendAgain(t, current);
			}
		}
	}

	/** Sends a step again, or gives it up after its attempts. */
	private void sendAgain(Transition t, SagaStepRecord step) {
		if (step.getAttempt() < this.settings.maxAttempts()) {
			t.input("step " + step.getSeq() + " '" + step.getName() + "' sent again");
			t.emit(SagaStepRedispatched.newBuilder()
				.setStep(step.toBuilder().setAttempt(step.getAttempt() + 1).setSentAt(SagaCodec.timestamp(t.now)))
				.build());
			return;
		}
		StepOutcomeKind kind = (step.getOutcome() == StepOutcomeKind.STEP_FAILED) ? StepOutcomeKind.STEP_FAILED
				: StepOutcomeKind.STEP_OUTCOME_UNKNOWN;
		String last = step.getReason().isEmpty() ? "no outcome within " + this.settings.stepTimeout()
				: step.getReason();
		t.input("step " + step.getSeq() + " '" + step.getName() + "' gave up");
		endStep(t, step, kind, "after " + step.getAttempt() + " attempt(s): " + last, SagaPayload.getDefaultInstance());
	}

	/**
	 * Arms the step watch when a step sent waits for its outcome and the watch is not
	 * already due by the time the oldest of them has waited the step timeout.
	 */
	private void armWatch(Transition t) {
		if (t.status().isFinal()) {
			return;
		}
		Instant due = null;
		for (SagaStepRecord step : t.state.getPendingList()) {
			if (step.hasSentAt()) {
				Instant stepDue = SagaCodec.instant(step.getSentAt()).plus(this.settings.stepTimeout());
				due = (due == null || stepDue.isBefore(due)) ? stepDue : due;
			}
		}
		if (due == null) {
			return;
		}
		if (t.state.hasWatchDue()) {
			Instant armed = SagaCodec.instant(t.state.getWatchDue());
			if (armed.isAfter(t.now) && !armed.isAfter(due)) {
				return;
			}
		}
		t.emit(SagaStepWatchArmed.newBuilder().setDueAt(SagaCodec.timestamp(due)).build());
	}

	private void retry(Transition t) {
		if (t.status() != SagaStatus.FAILED || t.state.getUnknownCount() == 0) {
			throw new CommandRejectedException("saga '" + this.sagaName + "' instance '" + t.id + "' is " + t.status()
					+ ": only a FAILED instance with steps of unknown outcome can be retried");
		}
		t.input("retried by an operator");
		boolean compensating = t.state.getCompensationStarted();
		t.emit(SagaStatusChanged.newBuilder()
			.setStatus(compensating ? SagaStatusValue.SAGA_COMPENSATING : SagaStatusValue.SAGA_RUNNING)
			.build());
		for (SagaStepRecord step : List.copyOf(t.state.getUnknownList())) {
			t.emit(SagaStepRedispatched.newBuilder()
				.setStep(step.toBuilder()
					.setAttempt(1)
					.setOutcome(StepOutcomeKind.STEP_OUTCOME_UNSPECIFIED)
					.setReason("")
					.setSentAt(SagaCodec.timestamp(t.now)))
				.build());
		}
	}

	private void cancel(Transition t, CancelSaga cancel) {
		if (t.status().isFinal() || t.status() == SagaStatus.NEW) {
			throw new CommandRejectedException("saga '" + this.sagaName + "' instance '" + t.id + "' is " + t.status()
					+ ": it cannot be cancelled");
		}
		if (t.status() == SagaStatus.COMPENSATING) {
			return;
		}
		t.input("cancelled: " + cancel.getReason());
		startCompensation(t, "cancelled: " + cancel.getReason());
	}

	private void endStep(Transition t, SagaStepRecord step, StepOutcomeKind kind, String reason, SagaPayload result) {
		t.emit(SagaStepEnded.newBuilder()
			.setSeq(step.getSeq())
			.setOutcome(kind)
			.setReason(reason)
			.setResult(result)
			.build());
		String described = "step " + step.getSeq() + " '" + step.getName() + "'";
		if (kind == StepOutcomeKind.STEP_OUTCOME_UNKNOWN) {
			fail(t, "outcome of " + (step.getCompensating() ? "compensation " : "") + described + " unknown " + reason
					+ "; retry once the target is reachable");
			return;
		}
		if (step.getCompensating()) {
			if (kind == StepOutcomeKind.STEP_ACCEPTED) {
				compensationProgress(t);
			}
			else {
				fail(t, "compensation " + described + " " + describe(kind) + ": " + reason);
			}
			return;
		}
		if (t.status() == SagaStatus.COMPENSATING) {
			compensationProgress(t);
			return;
		}
		StepOutcome outcome = new StepOutcome(step.getName(), publicKind(kind), (kind == StepOutcomeKind.STEP_ACCEPTED)
				? this.codec.unpack(result, "the result of " + described) : null, reason);
		react(t, "the outcome of " + described, () -> this.behavior.onOutcome(outcome, userState(t.state), t));
	}

	private static String describe(StepOutcomeKind kind) {
		return switch (kind) {
			case STEP_ACCEPTED -> "accepted";
			case STEP_REJECTED -> "rejected";
			case STEP_FAILED -> "failed";
			default -> "of unknown outcome";
		};
	}

	private static StepOutcome.Kind publicKind(StepOutcomeKind kind) {
		return switch (kind) {
			case STEP_ACCEPTED -> StepOutcome.Kind.ACCEPTED;
			case STEP_REJECTED -> StepOutcome.Kind.REJECTED;
			default -> StepOutcome.Kind.FAILED;
		};
	}

	private void react(Transition t, String input, Supplier<SagaReaction<S>> reacting) {
		SagaReaction<S> reaction;
		try {
			reaction = reacting.get();
		}
		catch (RuntimeException ex) {
			fail(t, "saga '" + this.sagaName + "' threw on " + input + ": " + ex);
			return;
		}
		if (reaction == null) {
			fail(t, "saga '" + this.sagaName + "' returned no reaction to " + input);
			return;
		}
		apply(t, reaction);
	}

	private void apply(Transition t, SagaReaction<S> reaction) {
		S state = reaction.state();
		if (state != null) {
			t.emit(SagaStateChanged.newBuilder().setState(SagaCodec.pack(castState(state))).build());
		}
		for (String cancel : reaction.cancels()) {
			if (timer(t.state, cancel) != null) {
				t.emit(SagaTimerCancelled.newBuilder().setName(cancel).build());
			}
		}
		reaction.schedules()
			.forEach((name, after) -> t.emit(SagaTimerScheduled.newBuilder()
				.setTimer(SagaTimerRecord.newBuilder().setName(name).setDueAt(SagaCodec.timestamp(t.now.plus(after))))
				.build()));
		for (SagaStep step : reaction.steps()) {
			SagaStepRecord.Builder record = SagaStepRecord.newBuilder()
				.setName(step.name())
				.setEntityType(step.entityType())
				.setEntityId(step.entityId())
				.setCommand(SagaCodec.pack(step.command()));
			if (step.compensation() != null) {
				record.setCompensation(SagaCodec.pack(step.compensation()));
			}
			dispatch(t, record);
		}
		switch (reaction.ending()) {
			case COMPLETE -> {
				cancelTimers(t);
				t.emit(SagaStatusChanged.newBuilder().setStatus(SagaStatusValue.SAGA_COMPLETED).build());
			}
			case FAIL -> fail(t, reaction.reason());
			case COMPENSATE -> startCompensation(t, reaction.reason());
			default -> {
			}
		}
	}

	private void dispatch(Transition t, SagaStepRecord.Builder record) {
		long seq = t.state.getLastSeq() + 1;
		t.emit(SagaStepDispatched.newBuilder()
			.setStep(record.setSeq(seq)
				.setAttempt(1)
				.setCommandId(SagaCodec.commandId(this.sagaName, t.id, seq))
				.setSentAt(SagaCodec.timestamp(t.now)))
			.build());
	}

	private void fail(Transition t, String reason) {
		cancelTimers(t);
		t.emit(SagaStatusChanged.newBuilder().setStatus(SagaStatusValue.SAGA_FAILED).setReason(reason).build());
	}

	private void startCompensation(Transition t, String reason) {
		cancelTimers(t);
		t.emit(SagaCompensationStarted.newBuilder().setReason(reason).build());
		t.emit(SagaStatusChanged.newBuilder().setStatus(SagaStatusValue.SAGA_COMPENSATING).setReason(reason).build());
		compensationProgress(t);
	}

	/**
	 * Sends the compensation of the newest completed step that has one, once no step is
	 * pending; compensated when none is left.
	 */
	private void compensationProgress(Transition t) {
		if (t.state.getPendingCount() > 0) {
			return;
		}
		List<SagaStepRecord> completed = t.state.getCompletedList();
		for (int i = completed.size() - 1; i >= 0; i--) {
			SagaStepRecord done = completed.get(i);
			if (done.hasCompensation()) {
				dispatch(t,
						SagaStepRecord.newBuilder()
							.setName(done.getName())
							.setEntityType(done.getEntityType())
							.setEntityId(done.getEntityId())
							.setCommand(done.getCompensation())
							.setCompensating(true)
							.setCompensates(done.getSeq()));
				return;
			}
		}
		t.emit(SagaStatusChanged.newBuilder()
			.setStatus(SagaStatusValue.SAGA_COMPENSATED)
			.setReason(t.state.getReason())
			.build());
	}

	private void cancelTimers(Transition t) {
		for (SagaTimerRecord timer : List.copyOf(t.state.getTimersList())) {
			t.emit(SagaTimerCancelled.newBuilder().setName(timer.getName()).build());
		}
	}

	static @Nullable SagaStepRecord pending(SagaInstanceState state, long seq) {
		for (SagaStepRecord step : state.getPendingList()) {
			if (step.getSeq() == seq) {
				return step;
			}
		}
		return null;
	}

	private static @Nullable SagaTimerRecord timer(SagaInstanceState state, String name) {
		for (SagaTimerRecord timer : state.getTimersList()) {
			if (timer.getName().equals(name)) {
				return timer;
			}
		}
		return null;
	}

	static long stepSeq(String timerName) {
		try {
			return Long.parseLong(timerName.substring("step-".length()));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** The events one input produces, folded as they are emitted. */
	private final class Transition implements SagaContext {

		private SagaInstanceState state;

		private final Instant now;

		private final String id;

		private final List<Message> events = new ArrayList<>(4);

		Transition(SagaInstanceState state, Instant now, String id) {
			this.state = state;
			this.now = now;
			this.id = id;
		}

		void emit(Message event) {
			this.events.add(event);
			this.state = SagaFold.apply(event, this.state, SagaEntity.this.settings.historySize());
		}

		void input(String what) {
			emit(SagaInputHandled.newBuilder().setAt(SagaCodec.timestamp(this.now)).setWhat(what).build());
		}

		@Override
		public String sagaName() {
			return SagaEntity.this.sagaName;
		}

		@Override
		public String sagaId() {
			return this.id;
		}

		@Override
		public SagaStatus status() {
			return SagaEntity.status(this.state);
		}

		@Override
		public Instant now() {
			return this.now;
		}

	}

}
