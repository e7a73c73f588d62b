package io.ego.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * The outcome of an {@link EventSourcedScenario}'s command, with its then-assertions.
 * Each assertion throws an {@link AssertionError} naming what differed, and returns this
 * result so that assertions chain. When the scenario itself failed (a broken arrangement,
 * a behaviour contract violation, a message that does not survive serialization), every
 * assertion and accessor fails saying so.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public final class EventSourcedResult<S extends Message> {

	private final Verdict verdict;

	private final List<Message> events;

	private final @Nullable S state;

	private EventSourcedResult(Verdict verdict, List<Message> events, @Nullable S state) {
		this.verdict = verdict;
		this.events = List.copyOf(events);
		this.state = state;
	}

	static <S extends Message> EventSourcedResult<S> accepted(Verdict verdict, List<Message> events, S state) {
		return new EventSourcedResult<>(verdict, events, state);
	}

	static <S extends Message> EventSourcedResult<S> rejected(Verdict verdict, S state) {
		return new EventSourcedResult<>(verdict, List.of(), state);
	}

	static <S extends Message> EventSourcedResult<S> failed(Verdict verdict) {
		return new EventSourcedResult<>(verdict, List.of(), null);
	}

	/**
	 * Asserts that the command was accepted and produced exactly these events, in this
	 * order.
	 * @param expected the expected events
	 * @return this result
	 */
	public EventSourcedResult<S> thenEvents(Message... expected) {
		return thenEvents(Arrays.asList(expected));
	}

	/**
	 * Asserts that the command was accepted and produced exactly these events, in this
	 * order.
	 * @param expected the expected events
	 * @return this result
	 */
	public EventSourcedResult<S> thenEvents(List<? extends Message> expected) {
		String check = "thenEvents(...)";
		this.verdict.requireAccepted(check, () -> "events " + Messages.describe(expected));
		String expectedText = Messages.describe(expected);
		String actualText = Messages.describe(this.events);
		if (expected.size() != this.events.size()) {
			throw new AssertionFailedError(
					check + " failed: expected " + expected.size() + " event(s) but the command " + "produced "
							+ this.events.size() + ":\n  expected: " + expectedText + "\n  actual:   " + actualText,
					expectedText, actualText);
		}
		for (int i = 0; i < expected.size(); i++) {
			Message want = expected.get(i);
			Message got = this.events.get(i);
			if (!Objects.equals(want, got)) {
				throw new AssertionFailedError(
						check + " failed: event #" + (i + 1) + " differs:\n  expected: " + Messages.describe(want)
								+ "\n  actual:   " + Messages.describe(got) + "\n  all events: " + actualText,
						expectedText, actualText);
			}
		}
		return this;
	}

	/**
	 * Asserts that the command was accepted and produced no event.
	 * @return this result
	 */
	public EventSourcedResult<S> thenNoEvents() {
		String check = "thenNoEvents()";
		this.verdict.requireAccepted(check, () -> "no events");
		if (!this.events.isEmpty()) {
			throw new AssertionError(
					check + " failed: expected no events but the command produced " + Messages.describe(this.events));
		}
		return this;
	}

	/**
	 * Asserts that the command was accepted and the state after its events equals the
	 * expected one.
	 * @param expected the expected state
	 * @return this result
	 */
	public EventSourcedResult<S> thenState(S expected) {
		String check = "thenState(...)";
		this.verdict.requireAccepted(check, () -> "the state " + Messages.describe(expected));
		S actual = Objects.requireNonNull(this.state);
		if (!actual.equals(expected)) {
			String expectedText = Messages.describe(expected);
			String actualText = Messages.describe(actual);
			throw new AssertionFailedError(
					check + " failed: the state after the command differs:\n  expected: " + expectedText
							+ "\n  actual:   " + actualText + "\n  events:   " + Messages.describe(this.events),
					expectedText, actualText);
		}
		return this;
	}

	/**
	 * Asserts that the behaviour rejected the command.
	 * @return this result
	 */
	public EventSourcedResult<S> thenRejected() {
		this.verdict.requireRejected("thenRejected()", this::describeAccepted);
		return this;
	}

	/**
	 * Asserts that the behaviour rejected the command with a reason containing a text.
	 * @param reasonSubstring the text the reason contains
	 * @return this result
	 */
	public EventSourcedResult<S> thenRejected(String reasonSubstring) {
		this.verdict.requireRejectedWithReason("thenRejected(\"" + reasonSubstring + "\")", reasonSubstring,
				this::describeAccepted);
		return this;
	}

	/**
	 * Asserts that the behaviour rejected the command by throwing an exception of a type:
	 * a {@link CommandRejectedException} (subclass), or another exception that the engine
	 * turns into a rejection.
	 * @param type the type of the exception
	 * @return this result
	 */
	public EventSourcedResult<S> thenRejected(Class<? extends Throwable> type) {
		this.verdict.requireRejectedBy("thenRejected(" + type.getSimpleName() + ".class)", type,
				this::describeAccepted);
		return this;
	}

	/**
	 * Returns the events the accepted command produced.
	 * @return the events
	 * @throws AssertionError when the command was rejected or the scenario failed
	 */
	public List<Message> events() {
		this.verdict.requireAccepted("events()", () -> "events");
		return this.events;
	}

	/**
	 * Returns the state after the accepted command's events.
	 * @return the state
	 * @throws AssertionError when the command was rejected or the scenario failed
	 */
	public S state() {
		this.verdict.requireAccepted("state()", () -> "a state");
		return Objects.requireNonNull(this.state);
	}

	/**
	 * Returns the rejection of the command.
	 * @return the rejection, carrying the reason
	 * @throws AssertionError when the command was accepted or the scenario failed
	 */
	public CommandRejectedException rejection() {
		return this.verdict.requireRejected("rejection()", this::describeAccepted);
	}

	private String describeAccepted() {
		return "events " + Messages.describe(this.events) + " and the state " + Messages.describe(this.state);
	}

}
