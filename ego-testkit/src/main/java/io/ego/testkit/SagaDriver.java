package io.ego.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.ego.core.BehaviorContract;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.UnknownMessageTypeException;
import io.ego.core.internal.saga.SagaTestSupport;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaSettings;
import io.ego.core.saga.SagaStep;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.TimerClaim;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.core.v1.CancelSaga;
import io.ego.core.v1.DeliverStepOutcome;
import io.ego.core.v1.RetrySaga;
import io.ego.core.v1.SagaInstanceState;
import io.ego.core.v1.SagaPayload;
import io.ego.core.v1.SagaStepRecord;
import io.ego.core.v1.SagaStepRedispatched;
import io.ego.testkit.SagaRun.Sent;
import org.jspecify.annotations.Nullable;

/**
 * Runs a saga scenario's inputs through the engine's own saga instance entity (through
 * {@link SagaTestSupport}) and plays the parts around it as the engine does: the journal
 * reader (correlation, positions), the dispatcher (which step is sent, which timers are
 * stored) and the timer poller (due timers fire in due order on a virtual clock). One
 * driver serves one scenario run and its continuations, on one thread.
 *
 * @param <S> the saga's state type
 * @author eGo team
 * @since 0.2.0
 */
final class SagaDriver<S extends Message> {

	/** The most timers one advance of the clock fires: more is a timer loop. */
	static final int MAX_FIRINGS = 10_000;

	private static final Duration CLAIM = Duration.ofSeconds(30);

	private static final String CLAIMANT = "ego-testkit";

	private final SagaBehavior<S> behavior;

	private final VirtualClock clock;

	private final SagaTestSupport<S> support;

	private final BehaviorContract<SagaInstanceState> contract;

	SagaDriver(String sagaName, SagaBehavior<S> behavior, SagaSettings settings, Instant start,
			List<? extends Message> messageTypes) {
		this.behavior = behavior;
		this.clock = new VirtualClock(start);
		this.support = SagaTestSupport.create(sagaName, behavior, settings, this.clock, messageTypes);
		this.contract = BehaviorContract.eventSourced(this.support.entityType(), this.support.entity());
	}

	SagaTestSupport<S> support() {
		return this.support;
	}

	/**
	 * Applies one input.
	 * @param run where the run stands
	 * @param input the input
	 * @return what it did
	 * @throws AssertionError when the input cannot be given (an outcome of a step never
	 * sent, a redelivery without a journal event, a timer loop, a correlation that threw)
	 */
	Turn apply(SagaRun run, SagaInput input) {
		Progress progress = new Progress(run);
		switch (input) {
			case SagaInput.Start start -> progress.deliver(this.support.start(start.start()));
			case SagaInput.Event event -> journal(progress, envelope(run, event));
			case SagaInput.Envelope envelope -> journal(progress, envelope.envelope());
			case SagaInput.Redelivery redelivery -> {
				EventEnvelope last = run.lastEvent();
				if (last == null) {
					throw new AssertionError("no journal event was given, so none can be delivered again");
				}
				journal(progress, last);
			}
			case SagaInput.Outcome outcome -> outcome(progress, outcome);
			case SagaInput.Retry retry -> progress.deliver(RetrySaga.getDefaultInstance());
			case SagaInput.Cancel cancel ->
				progress.deliver(CancelSaga.newBuilder().setReason(cancel.reason()).build());
			case SagaInput.Advance advance -> advance(progress, advance.by());
		}
		return progress.turn(input);
	}

	/**
	 * Reads a step as the saga wrote it: its command (and a forward step's compensation)
	 * as messages.
	 * @param step the step's record
	 * @return the step
	 */
	SagaStep step(SagaStepRecord step) {
		SagaStep read = SagaStep.of(step.getName(), step.getEntityType(), step.getEntityId(),
				message(step.getCommand()));
		if (!step.getCompensating() && step.hasCompensation()) {
			read = read.compensateWith(message(step.getCompensation()));
		}
		return read;
	}

	private Message message(SagaPayload payload) {
		try {
			Message message = this.support.unpack(payload);
			if (message != null) {
				return message;
			}
		}
		catch (UnknownMessageTypeException ex) {
			// described by its type and bytes below
		}
		return Any.newBuilder()
			.setTypeUrl("type.googleapis.com/" + payload.getType())
			.setValue(payload.getData())
			.build();
	}

	private static EventEnvelope envelope(SagaRun run, SagaInput.Event event) {
		String persistenceId = event.entityType() + "|" + event.entityId();
		long sequenceNr = run.sequenceNrs().getOrDefault(persistenceId, 0L) + 1;
		return new EventEnvelope(persistenceId, event.entityType(), event.entityId(), sequenceNr,
				run.lastPosition() + 1, PersistedEvent.sliceOf(persistenceId), event.event(), run.now(), Map.of());
	}

	private void journal(Progress progress, EventEnvelope envelope) {
		this.support.register(envelope.event());
		progress.lastPosition = Math.max(progress.lastPosition, envelope.position());
		progress.sequenceNrs.merge(envelope.persistenceId(), envelope.sequenceNr(), Math::max);
		progress.lastEvent = envelope;
		if (envelope.entityType().startsWith("saga.")) {
			progress.note = "the saga's reader skips the events of saga instances";
			return;
		}
		String id;
		boolean starts;
		try {
			id = this.behavior.correlate(envelope);
			starts = (id != null) && this.behavior.startsWith(envelope);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("the saga threw on " + describe(envelope)
					+ " (correlate or startsWith; in an engine the saga's reader stops): " + ex, ex);
		}
		if (id == null) {
			progress.note = "correlate(...) mapped " + describe(envelope) + " to no instance";
			return;
		}
		if (!id.equals(progress.sagaId)) {
			progress.note = "correlate(...) mapped " + describe(envelope) + " to instance '" + id
					+ "', not to the scenario's instance '" + progress.sagaId + "' (set it with withSagaId)";
			return;
		}
		progress.deliver(this.support.delivery(envelope, starts));
	}

	private static String describe(EventEnvelope envelope) {
		return "event " + Messages.typeName(envelope.event()) + " of '" + envelope.persistenceId() + "' at position "
				+ envelope.position();
	}

	private void outcome(Progress progress, SagaInput.Outcome outcome) {
		SagaStepRecord step = pending(progress.state, outcome.step());
		if (step == null) {
			for (Sent sent : progress.allSent()) {
				if (sent.step().getName().equals(outcome.step())) {
					step = sent.step();
				}
			}
		}
		if (step == null) {
			List<String> names = new ArrayList<>();
			for (Sent sent : progress.allSent()) {
				names.add(sent.step().getName());
			}
			throw new AssertionError("the outcome \"" + outcome.describe() + "\" cannot be delivered: no step named '"
					+ outcome.step() + "' was sent (steps sent: " + names + ")");
		}
		Message result = outcome.result();
		if (result != null) {
			this.support.register(result);
		}
		DeliverStepOutcome command = switch (outcome.kind()) {
			case ACCEPTED -> this.support.accepted(step, result);
			case REJECTED -> this.support.rejected(step, outcome.reason());
			case FAILED -> this.support.failed(step, outcome.reason(), false);
			case UNKNOWN -> this.support.failed(step, outcome.reason(), true);
		};
		progress.deliver(command);
	}

	private static @Nullable SagaStepRecord pending(SagaInstanceState state, String name) {
		for (SagaStepRecord step : state.getPendingList()) {
			if (step.getName().equals(name)) {
				return step;
			}
		}
		return null;
	}

	private void advance(Progress progress, Duration by) {
		Instant target = progress.now.plus(by);
		int firings = 0;
		while (true) {
			List<TimerRecord> timers = progress.timers.list(this.support.entityType(), progress.sagaId);
			if (timers.isEmpty() || timers.get(0).dueAt().isAfter(target)) {
				break;
			}
			if (timers.get(0).dueAt().isAfter(progress.now)) {
				progress.now = timers.get(0).dueAt();
			}
			for (TimerClaim claim : progress.timers.claimDue(progress.now, 100, CLAIMANT, CLAIM)) {
				if (++firings > MAX_FIRINGS) {
					throw new AssertionError("more than " + MAX_FIRINGS + " timers fired while the clock advanced by "
							+ by + ": the saga keeps scheduling timers that are due at once (last: '"
							+ claim.timer().name() + "')");
				}
				progress.fired.add(claim.timer().name());
				if (!progress.deliver(this.support.fire(claim.timer()))) {
					throw new AssertionError("timer '" + claim.timer().name() + "' fired but the instance refused it: "
							+ ((progress.rejection != null) ? progress.rejection.reason() : "?"));
				}
				progress.timers.complete(claim);
			}
		}
		progress.now = target;
	}

	/** What one input did. */
	record Turn(SagaInput input, SagaRun run, List<Message> recorded, List<Sent> sent, List<String> fired,
			@Nullable CommandRejectedException rejection, @Nullable String note) {

	}

	/** The run while an input is applied. */
	private final class Progress {

		private final SagaRun start;

		private final String sagaId;

		private SagaInstanceState state;

		private long sequenceNr;

		private Instant now;

		private final InMemoryTimerStore timers = new InMemoryTimerStore();

		private final List<Message> recorded = new ArrayList<>();

		private final List<Sent> sent = new ArrayList<>();

		private final List<String> fired = new ArrayList<>();

		private long lastPosition;

		private final Map<String, Long> sequenceNrs;

		private @Nullable EventEnvelope lastEvent;

		private @Nullable CommandRejectedException rejection;

		private @Nullable String note;

		Progress(SagaRun run) {
			this.start = run;
			this.sagaId = run.sagaId();
			this.state = run.state();
			this.sequenceNr = run.sequenceNr();
			this.now = run.now();
			for (TimerRecord timer : run.timers()) {
				this.timers.schedule(timer);
			}
			this.lastPosition = run.lastPosition();
			this.sequenceNrs = new HashMap<>(run.sequenceNrs());
			this.lastEvent = run.lastEvent();
		}

		List<Sent> allSent() {
			List<Sent> all = new ArrayList<>(this.start.sent());
			all.addAll(this.sent);
			return all;
		}

		/**
		 * Decides a command of the instance with the engine's evaluator and performs its
		 * events as the dispatcher does.
		 * @return whether the instance accepted it
		 */
		boolean deliver(Message command) {
			SagaDriver<S> driver = SagaDriver.this;
			driver.clock.set(this.now);
			ScenarioContext context = new ScenarioContext(driver.support.entityType(), this.sagaId, this.sequenceNr,
					null, Map.of());
			if (!driver.contract.decide(command, this.state, context)) {
				switch (driver.contract.refusal()) {
					case CommandReply.Rejected<SagaInstanceState> rejected -> this.rejection = rejected.rejection();
					case CommandReply.Failed<SagaInstanceState> failed -> throw new AssertionError(
							"the saga instance failed on " + Messages.describe(command) + ": " + failed.error(),
							failed.error());
					case null, default -> throw new IllegalStateException("refused without a reply");
				}
				return false;
			}
			List<Message> events = driver.contract.events();
			this.state = driver.contract.state();
			this.sequenceNr += events.size();
			for (Message event : events) {
				this.recorded.add(event);
				SagaStepRecord step = driver.support.perform(this.sagaId, event, this.timers);
				if (step != null) {
					this.sent.add(new Sent(step, event instanceof SagaStepRedispatched));
				}
			}
			return true;
		}

		Turn turn(SagaInput input) {
			SagaRun run = new SagaRun(this.sagaId, this.state, this.sequenceNr, this.now,
					this.timers.list(SagaDriver.this.support.entityType(), this.sagaId), allSent(), this.lastPosition,
					this.sequenceNrs, this.lastEvent);
			return new Turn(input, run, List.copyOf(this.recorded), List.copyOf(this.sent), List.copyOf(this.fired),
					this.rejection, this.note);
		}

	}

}
