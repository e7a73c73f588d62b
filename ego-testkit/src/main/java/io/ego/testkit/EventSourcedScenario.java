package io.ego.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandRejectedException;
import io.ego.core.EventSourcedBehavior;
import org.jspecify.annotations.Nullable;

/**
 * A Given/When/Then test of an {@link EventSourcedBehavior}, run in plain Java with the engine's semantics:
 * <pre class="code">
 * EventSourcedScenario.of(new AccountBehavior())
 * 	.givenEvents(AccountOpened.newBuilder().setId("a").setInitialBalance(10).build())
 * 	.when(DebitAccount.newBuilder().setId("a").setAmount(4).build())
 * 	.thenEvents(AccountDebited.newBuilder().setId("a").setAmount(4).build())
 * 	.thenState(Account.newBuilder().setId("a").setBalance(6).setOpen(true).build());
 * </pre>
 * The state starts as the behaviour's {@code initialState()}; {@link #given(Message)} replaces it and
 * {@link #givenEvents(Message...)} folds events into it with {@code handleEvent}, in the order they are called.
 * {@link #when(Message)} then handles the command: the events it returns are folded in order into the state.
 * <ul>
 * <li>a {@link CommandRejectedException} or any other runtime exception thrown by {@code handleCommand} rejects
 * the command (another exception with its message as the reason, as the engine does); a runtime exception thrown
 * by {@code handleEvent} while folding the command's events rejects it too, except a
 * {@link BehaviorContractException};</li>
 * <li>{@code handleCommand} returning {@code null} or a {@code null} event, or {@code handleEvent} returning
 * {@code null}, a state of another type than {@code initialState()} or throwing a
 * {@link BehaviorContractException} for one of the command's events, is a behaviour contract violation, which
 * every then-assertion reports;</li>
 * <li>a given event the behaviour cannot apply is a broken arrangement, which every then-assertion reports;</li>
 * <li>every command, event and state is serialized and parsed back: one that does not come back equal fails
 * every then-assertion, unless {@link #withoutSerializationCheck()}.</li>
 * </ul>
 * A scenario is immutable: each method returns a new one, so an arrangement can be shared by several tests.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public final class EventSourcedScenario<S extends Message> {

	private final EventSourcedBehavior<S> behavior;

	private final List<Given> arrangement;

	private final boolean serializationCheck;

	private EventSourcedScenario(EventSourcedBehavior<S> behavior, List<Given> arrangement,
			boolean serializationCheck) {
		this.behavior = behavior;
		this.arrangement = List.copyOf(arrangement);
		this.serializationCheck = serializationCheck;
	}

	/**
	 * Starts a scenario of a behaviour, at its initial state with no history.
	 * @param <S> the state message type
	 * @param behavior the behaviour under test
	 * @return the scenario
	 */
	public static <S extends Message> EventSourcedScenario<S> of(EventSourcedBehavior<S> behavior) {
		return new EventSourcedScenario<>(Objects.requireNonNull(behavior, "behavior"), List.of(), true);
	}

	/**
	 * Sets the state, as if recovered from a snapshot; later given events are folded into it.
	 * @param state the state
	 * @return a scenario with that state
	 */
	public EventSourcedScenario<S> given(S state) {
		Objects.requireNonNull(state, "given state");
		return with(new Given(true, state));
	}

	/**
	 * Adds events to the history: they are folded into the state with {@code handleEvent} before the command.
	 * @param events the events, in order
	 * @return a scenario with that history
	 */
	public EventSourcedScenario<S> givenEvents(Message... events) {
		return givenEvents(Arrays.asList(events));
	}

	/**
	 * Adds events to the history: they are folded into the state with {@code handleEvent} before the command.
	 * @param events the events, in order
	 * @return a scenario with that history
	 */
	public EventSourcedScenario<S> givenEvents(List<? extends Message> events) {
		List<Given> arrangement = new ArrayList<>(this.arrangement);
		for (int i = 0; i < events.size(); i++) {
			arrangement.add(new Given(false, Objects.requireNonNull(events.get(i), "given event #" + (i + 1))));
		}
		return new EventSourcedScenario<>(this.behavior, arrangement, this.serializationCheck);
	}

	/**
	 * Turns off the check that every command, event and state survives protobuf serialization.
	 * @return a scenario without the check
	 */
	public EventSourcedScenario<S> withoutSerializationCheck() {
		return new EventSourcedScenario<>(this.behavior, this.arrangement, false);
	}

	/**
	 * Handles a command against the arranged state.
	 * @param command the command
	 * @return the outcome, to check with its then-assertions
	 */
	public EventSourcedResult<S> when(Message command) {
		Objects.requireNonNull(command, "command");
		S initial;
		try {
			initial = this.behavior.initialState();
		}
		catch (RuntimeException ex) {
			return EventSourcedResult.failed(Verdict.contractViolated(command, "initialState() threw " + ex, ex));
		}
		if (initial == null) {
			return EventSourcedResult.failed(Verdict.contractViolated(command, "initialState() returned null", null));
		}
		Class<?> stateClass = initial.getClass();
		String problem = check("the initial state", initial);
		if (problem != null) {
			return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
		}

		// given
		S state = initial;
		int eventNr = 0;
		for (Given given : this.arrangement) {
			if (given.state) {
				if (given.message.getClass() != stateClass) {
					return EventSourcedResult.failed(Verdict.arrangementFailed(command, "the given state "
							+ Messages.describe(given.message) + " is not a " + Messages.typeName(initial)
							+ ", the type of initialState()", null));
				}
				problem = check("the given state", given.message);
				if (problem != null) {
					return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
				}
				@SuppressWarnings("unchecked")
				S givenState = (S) given.message;
				state = givenState;
				continue;
			}
			eventNr++;
			String what = "given event #" + eventNr + " " + Messages.describe(given.message);
			problem = check("given event #" + eventNr, given.message);
			if (problem != null) {
				return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
			}
			S next;
			try {
				next = this.behavior.handleEvent(given.message, state);
			}
			catch (RuntimeException ex) {
				return EventSourcedResult.failed(Verdict.arrangementFailed(command,
						what + " cannot be applied: handleEvent threw " + ex, ex));
			}
			String wrong = wrongState(next, stateClass, initial);
			if (wrong != null) {
				return EventSourcedResult.failed(Verdict.arrangementFailed(command,
						what + " cannot be applied: handleEvent returned " + wrong, null));
			}
			state = Objects.requireNonNull(next);
		}
		if (eventNr > 0) {
			problem = check("the state after the given events", state);
		}
		if (problem == null) {
			problem = check("the command", command);
		}
		if (problem != null) {
			return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
		}

		// when
		S prior = state;
		List<? extends Message> produced;
		try {
			produced = this.behavior.handleCommand(command, prior);
		}
		catch (RuntimeException ex) {
			return EventSourcedResult.rejected(Verdict.rejected(command, Verdict.rejectionOf(command, ex)), prior);
		}
		if (produced == null) {
			return EventSourcedResult.failed(Verdict.contractViolated(command,
					"handleCommand returned null instead of a list of events for " + Messages.describe(command),
					null));
		}
		List<Message> events = new ArrayList<>(produced.size());
		for (int i = 0; i < produced.size(); i++) {
			Message event = produced.get(i);
			if (event == null) {
				return EventSourcedResult.failed(Verdict.contractViolated(command, "handleCommand returned a null event #"
						+ (i + 1) + " in " + Messages.describe(produced) + " for " + Messages.describe(command), null));
			}
			events.add(event);
		}
		for (int i = 0; i < events.size(); i++) {
			Message event = events.get(i);
			String what = "event #" + (i + 1) + " " + Messages.describe(event) + " returned by handleCommand";
			problem = check("event #" + (i + 1) + " returned by handleCommand", event);
			if (problem != null) {
				return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
			}
			S next;
			try {
				next = this.behavior.handleEvent(event, state);
			}
			catch (BehaviorContractException ex) {
				return EventSourcedResult.failed(Verdict.contractViolated(command,
						"handleEvent threw for " + what + ": " + ex, ex));
			}
			catch (RuntimeException ex) {
				return EventSourcedResult.rejected(Verdict.rejected(command, Verdict.rejectionOf(command, ex)), prior);
			}
			String wrong = wrongState(next, stateClass, initial);
			if (wrong != null) {
				return EventSourcedResult.failed(Verdict.contractViolated(command,
						"handleEvent returned " + wrong + " for " + what, null));
			}
			state = Objects.requireNonNull(next);
		}
		problem = check("the state after the command", state);
		if (problem != null) {
			return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
		}
		return EventSourcedResult.accepted(Verdict.accepted(command), events, state);
	}

	private EventSourcedScenario<S> with(Given given) {
		List<Given> arrangement = new ArrayList<>(this.arrangement);
		arrangement.add(given);
		return new EventSourcedScenario<>(this.behavior, arrangement, this.serializationCheck);
	}

	private @Nullable String check(String what, Message message) {
		return this.serializationCheck ? Messages.serializationProblem(what, message) : null;
	}

	private static @Nullable String wrongState(@Nullable Message next, Class<?> stateClass, Message initial) {
		if (next == null) {
			return "a null state";
		}
		if (next.getClass() != stateClass) {
			return "a state of the wrong type: " + Messages.describe(next) + " is not a " + Messages.typeName(initial)
					+ ", the type of initialState()";
		}
		return null;
	}

	/** One step of the arrangement: a state that replaces the current one, or an event folded into it. */
	private record Given(boolean state, Message message) {
	}

}
