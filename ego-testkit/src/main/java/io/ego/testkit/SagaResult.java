package io.ego.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.saga.SagaHistoryEntry;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaStatus;
import io.ego.core.saga.SagaStep;
import io.ego.core.store.TimerRecord;
import io.ego.core.v1.SagaStepRecord;
import io.ego.testkit.SagaRun.Sent;
import org.opentest4j.AssertionFailedError;

/**
 * What one input of a {@link SagaScenario} did, and where the saga instance stands after
 * it, with then-assertions; its {@code when...} methods continue the run with another
 * input. Each assertion throws an {@link AssertionError} naming what was expected and
 * what is, and returns this result so that assertions chain. Results are immutable:
 * continuing one twice gives two independent runs.
 * <p>
 * Assertions on what the input did ({@link #thenDispatched}, {@link #thenRecorded},
 * {@link #thenIgnored}, {@link #thenFired}) fail when the instance refused the input (an
 * operator's retry of an instance that did not fail); assertions on where the instance
 * stands ({@link #thenStatus}, {@link #thenState}, {@link #thenCompensations}, ...) hold
 * either way.
 *
 * @param <S> the saga's state type
 * @author eGo team
 * @since 0.2.0
 */
public final class SagaResult<S extends Message> {

	private static final int HISTORY_SHOWN = 8;

	private final SagaDriver<S> driver;

	private final SagaDriver.Turn turn;

	private SagaResult(SagaDriver<S> driver, SagaDriver.Turn turn) {
		this.driver = driver;
		this.turn = turn;
	}

	static <S extends Message> SagaResult<S> of(SagaDriver<S> driver, SagaDriver.Turn turn) {
		return new SagaResult<>(driver, turn);
	}

	// ---- then: what the input did

	/**
	 * Asserts the commands the input sent, in order: first attempts of forward steps and
	 * of compensations, and steps sent again (a retry, a time-out). A forward step is
	 * compared with its compensation; a compensation is the step that undoes a completed
	 * one, as its target receives it ({@code SagaStep.of(name, type, id, undo)}).
	 * @param expected the expected steps
	 * @return this result
	 */
	public SagaResult<S> thenDispatched(SagaStep... expected) {
		return thenDispatched(List.of(expected));
	}

	/**
	 * Asserts the commands the input sent, in order (see
	 * {@link #thenDispatched(SagaStep...)}).
	 * @param expected the expected steps
	 * @return this result
	 */
	public SagaResult<S> thenDispatched(List<SagaStep> expected) {
		String check = "thenDispatched(...)";
		requireAccepted(check);
		compare(check, "the commands sent after " + input(), expected, this.turn.sent());
		return this;
	}

	/**
	 * Asserts that the input sent no command.
	 * @return this result
	 */
	public SagaResult<S> thenNothingDispatched() {
		String check = "thenNothingDispatched()";
		requireAccepted(check);
		if (!this.turn.sent().isEmpty()) {
			throw new AssertionError(check + " failed: expected no command sent after " + input() + " but "
					+ this.turn.sent().size() + " were: " + describeSent(this.turn.sent()) + where());
		}
		return this;
	}

	/**
	 * Asserts the types of the events the instance recorded for the input, in order (the
	 * engine's saga events of {@code ego/core/v1/saga.proto}: {@code SagaStarted},
	 * {@code SagaStepDispatched}, {@code SagaStepEnded}, {@code SagaStatusChanged}, ...).
	 * @param expected the expected event types
	 * @return this result
	 */
	@SafeVarargs
	public final SagaResult<S> thenRecorded(Class<? extends Message>... expected) {
		String check = "thenRecorded(...)";
		requireAccepted(check);
		List<String> expectedNames = new ArrayList<>();
		for (Class<? extends Message> type : expected) {
			expectedNames.add(type.getSimpleName());
		}
		List<String> actualNames = recordedTypes();
		if (!expectedNames.equals(actualNames)) {
			throw new AssertionFailedError(
					check + " failed: the events recorded for " + input() + " differ:\n  expected: " + expectedNames
							+ "\n  actual:   " + actualNames + where(),
					expectedNames.toString(), actualNames.toString());
		}
		return this;
	}

	/**
	 * Asserts that the instance recorded nothing for the input: a journal event at a
	 * position it handled, an event it does not correlate with, an outcome of a step no
	 * longer pending, an input after it ended.
	 * @return this result
	 */
	public SagaResult<S> thenIgnored() {
		String check = "thenIgnored()";
		requireAccepted(check);
		if (!this.turn.recorded().isEmpty()) {
			throw new AssertionError(
					check + " failed: expected " + input() + " to be ignored but the instance recorded "
							+ recordedTypes() + " and sent " + describeSent(this.turn.sent()) + where());
		}
		return this;
	}

	/**
	 * Asserts the timers that fired while the clock advanced, in firing order (due time,
	 * then name); a step's timer is named {@code step-<n>}, {@code n} the step's number
	 * from 1. A timer fires even when the instance no longer has it; the instance ignores
	 * it then.
	 * @param expected the expected timers' names
	 * @return this result
	 */
	public SagaResult<S> thenFired(String... expected) {
		String check = "thenFired(...)";
		requireAccepted(check);
		List<String> expectedNames = List.of(expected);
		if (!expectedNames.equals(this.turn.fired())) {
			throw new AssertionFailedError(
					check + " failed: the timers fired after " + input() + " differ:\n  expected: " + expectedNames
							+ "\n  actual:   " + this.turn.fired() + "\n  timers left: " + describeTimers() + where(),
					expectedNames.toString(), this.turn.fired().toString());
		}
		return this;
	}

	/**
	 * Asserts that the instance refused the input (an operator's retry or cancel it does
	 * not allow), with a reason containing the text.
	 * @param reasonSubstring the expected part of the reason
	 * @return this result
	 */
	public SagaResult<S> thenRejected(String reasonSubstring) {
		String check = "thenRejected(\"" + reasonSubstring + "\")";
		CommandRejectedException rejection = this.turn.rejection();
		if (rejection == null) {
			throw new AssertionError(check + " failed: expected the instance to refuse " + input() + " but it recorded "
					+ recordedTypes() + where());
		}
		if (!rejection.reason().contains(reasonSubstring)) {
			throw new AssertionError(
					check + " failed: expected the instance to refuse " + input() + " with a reason containing \""
							+ reasonSubstring + "\" but the reason was \"" + rejection.reason() + "\"",
					rejection);
		}
		return this;
	}

	// ---- then: where the instance stands

	/**
	 * @param expected the expected status
	 * @return this result
	 */
	public SagaResult<S> thenStatus(SagaStatus expected) {
		SagaStatus actual = status();
		if (actual != expected) {
			throw new AssertionFailedError("thenStatus(" + expected + ") failed: expected the instance to be "
					+ expected + " but it is " + actual + " after " + input() + where(), expected, actual);
		}
		return this;
	}

	/**
	 * @param expected the saga's expected state
	 * @return this result
	 */
	public SagaResult<S> thenState(S expected) {
		S actual = state();
		if (!actual.equals(expected)) {
			String expectedText = Messages.describe(expected);
			String actualText = Messages.describe(actual);
			throw new AssertionFailedError("thenState(...) failed: the saga's state after " + input()
					+ " differs:\n  expected: " + expectedText + "\n  actual:   " + actualText, expectedText,
					actualText);
		}
		return this;
	}

	/**
	 * Asserts the reason the instance keeps (why it compensates, compensated or failed).
	 * @param reasonSubstring the expected part of the reason
	 * @return this result
	 */
	public SagaResult<S> thenReason(String reasonSubstring) {
		String reason = instance().reason();
		if (!reason.contains(reasonSubstring)) {
			throw new AssertionError("thenReason(\"" + reasonSubstring + "\") failed: expected a reason containing \""
					+ reasonSubstring + "\" but the reason is \"" + reason + "\"" + where());
		}
		return this;
	}

	/**
	 * Asserts the steps awaiting an outcome, in the order they were sent.
	 * @param expected the steps' names
	 * @return this result
	 */
	public SagaResult<S> thenPending(String... expected) {
		List<String> expectedNames = List.of(expected);
		List<String> actual = instance().pendingSteps();
		if (!expectedNames.equals(actual)) {
			throw new AssertionFailedError(
					"thenPending(...) failed: the steps pending after " + input() + " differ:\n  expected: "
							+ expectedNames + "\n  actual:   " + actual + where(),
					expectedNames.toString(), actual.toString());
		}
		return this;
	}

	/**
	 * Asserts every compensation sent so far in the run (first attempts, by every input),
	 * in the order sent: the undoing commands of completed steps, newest step first.
	 * @param expected the compensations, as their targets receive them
	 * ({@code SagaStep.of(name, type, id, undo)})
	 * @return this result
	 */
	public SagaResult<S> thenCompensations(SagaStep... expected) {
		compare("thenCompensations(...)", "the compensations sent", List.of(expected), compensationsSent());
		return this;
	}

	/**
	 * Asserts that the instance has a timer due a given time from now.
	 * @param timer the timer's name ({@code step-<n>} for a step's)
	 * @param dueIn how long from the clock's time it is due
	 * @return this result
	 */
	public SagaResult<S> thenTimer(String timer, Duration dueIn) {
		String check = "thenTimer(\"" + timer + "\", " + dueIn + ")";
		Instant expected = now().plus(dueIn);
		Instant actual = timers().get(timer);
		if (actual == null) {
			throw new AssertionError(check + " failed: expected timer '" + timer + "' due at " + expected
					+ " but the instance has no such timer (timers: " + describeTimers() + ")" + where());
		}
		if (!actual.equals(expected)) {
			throw new AssertionFailedError(
					check + " failed: expected timer '" + timer + "' due at " + expected + " (in " + dueIn
							+ ") but it is due at " + actual + " (in " + Duration.between(now(), actual) + ")",
					expected, actual);
		}
		return this;
	}

	/**
	 * @param timer the timer's name
	 * @return this result, asserting that the instance has no timer of that name
	 */
	public SagaResult<S> thenNoTimer(String timer) {
		Instant due = timers().get(timer);
		if (due != null) {
			throw new AssertionError("thenNoTimer(\"" + timer + "\") failed: expected no timer '" + timer
					+ "' but it is due at " + due + " (in " + Duration.between(now(), due) + ")" + where());
		}
		return this;
	}

	// ---- accessors

	/**
	 * @return the instance as operators read it ({@code EgoEngine.sagas().status(...)})
	 */
	public SagaInstance<S> instance() {
		return this.driver.support().view(this.turn.run().sagaId(), this.turn.run().state());
	}

	/**
	 * @return the instance's status
	 */
	public SagaStatus status() {
		return instance().status();
	}

	/**
	 * @return the saga's state
	 */
	public S state() {
		return instance().state();
	}

	/**
	 * @return the events the instance recorded for the input
	 */
	public List<Message> recorded() {
		return this.turn.recorded();
	}

	/**
	 * @return the commands the input sent, in order
	 */
	public List<SagaStep> dispatched() {
		return steps(this.turn.sent());
	}

	/**
	 * @return every compensation sent so far in the run, in order
	 */
	public List<SagaStep> compensations() {
		return steps(compensationsSent());
	}

	/**
	 * @return the instance's timers (its own and its steps'), by due time
	 */
	public Map<String, Instant> timers() {
		Map<String, Instant> timers = new LinkedHashMap<>();
		for (TimerRecord timer : this.turn.run().timers()) {
			timers.put(timer.name(), timer.dueAt());
		}
		return timers;
	}

	/**
	 * @return the timers that fired while the clock advanced, in order
	 */
	public List<String> fired() {
		return this.turn.fired();
	}

	/**
	 * @return the virtual clock's time
	 */
	public Instant now() {
		return this.turn.run().now();
	}

	// ---- when: the run goes on

	/**
	 * @param start the start message
	 * @return the result of an explicit start (see {@link SagaScenario#whenStarted})
	 */
	public SagaResult<S> whenStarted(Message start) {
		return next(new SagaInput.Start(start));
	}

	/**
	 * @param entityType the entity type that wrote the event
	 * @param entityId the entity
	 * @param event the event
	 * @return the result of a journal event (see
	 * {@link SagaScenario#whenEvent(String, String, Message)})
	 */
	public SagaResult<S> whenEvent(String entityType, String entityId, Message event) {
		return next(new SagaInput.Event(entityType, entityId, event));
	}

	/**
	 * @param envelope the event as the saga's reader reads it
	 * @return the result of a journal event
	 */
	public SagaResult<S> whenEvent(EventEnvelope envelope) {
		return next(new SagaInput.Envelope(envelope));
	}

	/**
	 * @return the result of the last journal event delivered again, at its position
	 */
	public SagaResult<S> whenRedelivered() {
		return next(new SagaInput.Redelivery());
	}

	/**
	 * @param step the step's name
	 * @return the result of its target accepting its current attempt (see
	 * {@link SagaScenario#whenAccepted(String)})
	 */
	public SagaResult<S> whenAccepted(String step) {
		return next(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.ACCEPTED, null, ""));
	}

	/**
	 * @param step the step's name
	 * @param result the target's state after it
	 * @return the result of its target accepting its current attempt
	 */
	public SagaResult<S> whenAccepted(String step, Message result) {
		return next(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.ACCEPTED,
				Objects.requireNonNull(result, "result"), ""));
	}

	/**
	 * @param step the step's name
	 * @param reason the target's reason
	 * @return the result of its target rejecting its current attempt
	 */
	public SagaResult<S> whenRejected(String step, String reason) {
		return next(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.REJECTED, null, reason));
	}

	/**
	 * @param step the step's name
	 * @param reason the failure's message
	 * @return the result of its current attempt failing without writing (see
	 * {@link SagaScenario#whenFailed})
	 */
	public SagaResult<S> whenFailed(String step, String reason) {
		return next(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.FAILED, null, reason));
	}

	/**
	 * @param step the step's name
	 * @param reason the failure's message
	 * @return the result of its current attempt failing, possibly written (see
	 * {@link SagaScenario#whenOutcomeUnknown})
	 */
	public SagaResult<S> whenOutcomeUnknown(String step, String reason) {
		return next(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.UNKNOWN, null, reason));
	}

	/**
	 * @return the result of an operator's retry
	 */
	public SagaResult<S> whenRetried() {
		return next(new SagaInput.Retry());
	}

	/**
	 * @param reason why
	 * @return the result of an operator's cancel
	 */
	public SagaResult<S> whenCancelled(String reason) {
		return next(new SagaInput.Cancel(reason));
	}

	/**
	 * @param by how long
	 * @return the result of advancing the clock: the timers due meanwhile fire, each at
	 * its due time, in due order
	 */
	public SagaResult<S> advance(Duration by) {
		return next(new SagaInput.Advance(by));
	}

	private SagaResult<S> next(SagaInput input) {
		return new SagaResult<>(this.driver, this.driver.apply(this.turn.run(), input));
	}

	// ---- describing

	private String input() {
		return "\"" + this.turn.input().describe() + "\"";
	}

	private void requireAccepted(String check) {
		CommandRejectedException rejection = this.turn.rejection();
		if (rejection != null) {
			throw new AssertionError(check + " failed: the instance refused " + input() + ": " + rejection.reason(),
					rejection);
		}
	}

	private void compare(String check, String what, List<SagaStep> expected, List<Sent> sent) {
		for (SagaStep step : expected) {
			this.driver.support().register(step.command());
			if (step.compensation() != null) {
				this.driver.support().register(step.compensation());
			}
		}
		List<SagaStep> actual = steps(sent);
		if (!actual.equals(expected)) {
			String expectedText = describeSteps(expected);
			String actualText = describeSteps(actual);
			throw new AssertionFailedError(check + " failed: " + what + " differ:\n  expected: " + expectedText
					+ "\n  actual:   " + actualText + "\n  sent: " + describeSent(sent) + where(), expectedText,
					actualText);
		}
	}

	private List<Sent> compensationsSent() {
		List<Sent> compensations = new ArrayList<>();
		for (Sent sent : this.turn.run().sent()) {
			if (sent.step().getCompensating() && !sent.resend()) {
				compensations.add(sent);
			}
		}
		return compensations;
	}

	private List<SagaStep> steps(List<Sent> sent) {
		List<SagaStep> steps = new ArrayList<>(sent.size());
		for (Sent one : sent) {
			steps.add(this.driver.step(one.step()));
		}
		return steps;
	}

	private static String describeSteps(List<SagaStep> steps) {
		StringBuilder text = new StringBuilder("[");
		for (int i = 0; i < steps.size(); i++) {
			SagaStep step = steps.get(i);
			text.append((i > 0) ? ", " : "")
				.append('\'')
				.append(step.name())
				.append("' to ")
				.append(step.entityType())
				.append(" '")
				.append(step.entityId())
				.append("': ")
				.append(Messages.describe(step.command()));
			if (step.compensation() != null) {
				text.append(" undone by ").append(Messages.describe(step.compensation()));
			}
		}
		return text.append(']').toString();
	}

	private static String describeSent(List<Sent> sent) {
		List<String> described = new ArrayList<>(sent.size());
		for (Sent one : sent) {
			SagaStepRecord step = one.step();
			described
				.add((step.getCompensating() ? "compensation of step " + step.getCompensates() + " as step " : "step ")
						+ step.getSeq() + " '" + step.getName() + "' attempt " + step.getAttempt() + " (id "
						+ step.getCommandId() + ")");
		}
		return described.toString();
	}

	private List<String> recordedTypes() {
		List<String> names = new ArrayList<>(this.turn.recorded().size());
		for (Message event : this.turn.recorded()) {
			names.add(event.getClass().getSimpleName());
		}
		return names;
	}

	private String describeTimers() {
		List<String> timers = new ArrayList<>();
		timers().forEach((name, due) -> timers.add(name + " due at " + due));
		return timers.toString();
	}

	/**
	 * @return where the instance stands, for a failure's message: status, reason, pending
	 * steps, the input's note, the latest history
	 */
	private String where() {
		SagaInstance<S> instance = instance();
		StringBuilder text = new StringBuilder("\n  the instance '").append(instance.sagaId())
			.append("' is ")
			.append(instance.status());
		if (!instance.reason().isEmpty()) {
			text.append(" (").append(instance.reason()).append(')');
		}
		text.append(", pending steps ").append(instance.pendingSteps()).append(", at ").append(now());
		String note = this.turn.note();
		if (note != null) {
			text.append("\n  note: ").append(note);
		}
		CommandRejectedException rejection = this.turn.rejection();
		if (rejection != null) {
			text.append("\n  the instance refused ").append(input()).append(": ").append(rejection.reason());
		}
		List<SagaHistoryEntry> history = instance.history();
		if (!history.isEmpty()) {
			text.append("\n  latest history:");
			for (SagaHistoryEntry entry : history.subList(Math.max(0, history.size() - HISTORY_SHOWN),
					history.size())) {
				text.append("\n    ").append(entry.at()).append(' ').append(entry.what());
			}
		}
		return text.toString();
	}

}
