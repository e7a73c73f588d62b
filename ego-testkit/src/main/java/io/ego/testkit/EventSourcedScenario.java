package io.ego.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandRejectedException;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.adapter.StoredEvent;
import org.jspecify.annotations.Nullable;

/**
 * A Given/When/Then test of an {@link EventSourcedBehavior}, run in plain Java with the
 * engine's semantics: <pre class="code">
 * EventSourcedScenario.of(new AccountBehavior())
 * 	.givenEvents(AccountOpened.newBuilder().setId("a").setInitialBalance(10).build())
 * 	.when(DebitAccount.newBuilder().setId("a").setAmount(4).build())
 * 	.thenEvents(AccountDebited.newBuilder().setId("a").setAmount(4).build())
 * 	.thenState(Account.newBuilder().setId("a").setBalance(6).setOpen(true).build());
 * </pre> The state starts as the behaviour's {@code initialState()};
 * {@link #given(Message)} replaces it and {@link #givenEvents(Message...)} folds events
 * into it with {@code handleEvent}, in the order they are called. {@link #when(Message)}
 * then handles the command: the events it returns are folded in order into the state.
 * <ul>
 * <li>a {@link CommandRejectedException} or any other runtime exception thrown by
 * {@code handleCommand} rejects the command (another exception with its message as the
 * reason, as the engine does); a runtime exception thrown by {@code handleEvent} while
 * folding the command's events rejects it too, except a
 * {@link BehaviorContractException};</li>
 * <li>{@code handleCommand} returning {@code null} or a {@code null} event, or
 * {@code handleEvent} returning {@code null}, a state of another type than
 * {@code initialState()} or throwing a {@link BehaviorContractException} for one of the
 * command's events, is a behaviour contract violation, which every then-assertion
 * reports;</li>
 * <li>a given event the behaviour cannot apply is a broken arrangement, which every
 * then-assertion reports;</li>
 * <li>every command, event and state is serialized and parsed back: one that does not
 * come back equal fails every then-assertion, unless
 * {@link #withoutSerializationCheck()};</li>
 * <li>{@link #givenStoredEvent(Message, int)} adds an event as an older release stored
 * it: it goes through the event adapter of its type and revision
 * ({@link #withSchemaEvolution(SchemaEvolution)}), as in the engine's recovery.</li>
 * </ul>
 * A scenario is immutable: each method returns a new one, so an arrangement can be shared
 * by several tests.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public final class EventSourcedScenario<S extends Message> {

	private final EventSourcedBehavior<S> behavior;

	private final List<Given> arrangement;

	private final boolean serializationCheck;

	private final SchemaEvolution schema;

	private EventSourcedScenario(EventSourcedBehavior<S> behavior, List<Given> arrangement, boolean serializationCheck,
			SchemaEvolution schema) {
		this.behavior = behavior;
		this.arrangement = List.copyOf(arrangement);
		this.serializationCheck = serializationCheck;
		this.schema = schema;
	}

	/**
	 * Starts a scenario of a behaviour, at its initial state with no history.
	 * @param <S> the state message type
	 * @param behavior the behaviour under test
	 * @return the scenario
	 */
	public static <S extends Message> EventSourcedScenario<S> of(EventSourcedBehavior<S> behavior) {
		return new EventSourcedScenario<>(Objects.requireNonNull(behavior, "behavior"), List.of(), true,
				SchemaEvolution.none());
	}

	/**
	 * Sets the state, as if recovered from a snapshot; later given events are folded into
	 * it.
	 * @param state the state
	 * @return a scenario with that state
	 */
	public EventSourcedScenario<S> given(S state) {
		Objects.requireNonNull(state, "given state");
		return with(new Given(true, state, null, 1));
	}

	/**
	 * Adds events to the history: they are folded into the state with {@code handleEvent}
	 * before the command.
	 * @param events the events, in order
	 * @return a scenario with that history
	 */
	public EventSourcedScenario<S> givenEvents(Message... events) {
		return givenEvents(Arrays.asList(events));
	}

	/**
	 * Adds events to the history: they are folded into the state with {@code handleEvent}
	 * before the command.
	 * @param events the events, in order
	 * @return a scenario with that history
	 */
	public EventSourcedScenario<S> givenEvents(List<? extends Message> events) {
		List<Given> arrangement = new ArrayList<>(this.arrangement);
		for (int i = 0; i < events.size(); i++) {
			arrangement
				.add(new Given(false, Objects.requireNonNull(events.get(i), "given event #" + (i + 1)), null, 1));
		}
		return new EventSourcedScenario<>(this.behavior, arrangement, this.serializationCheck, this.schema);
	}

	/**
	 * Adds an event to the history as an older release stored it: at a schema revision,
	 * under its own type name. It goes through the
	 * {@link #withSchemaEvolution(SchemaEvolution) schema evolution's} adapter of that
	 * type and revision, as the engine's recovery does, and what the adapter returns is
	 * folded in; without an adapter the event is folded as it is.
	 * @param event the event as it was written
	 * @param revision the schema revision it was written at
	 * @return a scenario with that history
	 */
	public EventSourcedScenario<S> givenStoredEvent(Message event, int revision) {
		Objects.requireNonNull(event, "given stored event");
		return givenStoredEvent(event.getDescriptorForType().getFullName(), revision, event);
	}

	/**
	 * Adds an event to the history as an older release stored it under a type name that
	 * may no longer exist (a renamed or retired type): the bytes of {@code payload} under
	 * {@code eventType} at {@code revision}. An adapter must read that type and revision,
	 * unless {@code eventType} is {@code payload}'s own type.
	 * @param eventType the protobuf full name the event was stored under
	 * @param revision the schema revision it was written at
	 * @param payload a message whose serialized bytes are the stored bytes (e.g. the old
	 * definition kept for the adapter)
	 * @return a scenario with that history
	 */
	public EventSourcedScenario<S> givenStoredEvent(String eventType, int revision, Message payload) {
		Objects.requireNonNull(eventType, "eventType");
		Objects.requireNonNull(payload, "payload");
		if (revision < 1) {
			throw new IllegalArgumentException("revision must be >= 1 but was " + revision);
		}
		return with(new Given(false, payload, eventType, revision));
	}

	/**
	 * Reads given stored events with the revisions and adapters the application registers
	 * with its engine.
	 * @param schema the schema evolution
	 * @return a scenario using it
	 */
	public EventSourcedScenario<S> withSchemaEvolution(SchemaEvolution schema) {
		return new EventSourcedScenario<>(this.behavior, this.arrangement, this.serializationCheck,
				Objects.requireNonNull(schema, "schema"));
	}

	/**
	 * Turns off the check that every command, event and state survives protobuf
	 * serialization.
	 * @return a scenario without the check
	 */
	public EventSourcedScenario<S> withoutSerializationCheck() {
		return new EventSourcedScenario<>(this.behavior, this.arrangement, false, this.schema);
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
					return EventSourcedResult
						.failed(Verdict.arrangementFailed(command, "the given state " + Messages.describe(given.message)
								+ " is not a " + Messages.typeName(initial) + ", the type of initialState()", null));
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
			problem = check("given event #" + eventNr, given.message);
			if (problem != null) {
				return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
			}
			List<? extends Message> events = List.of(given.message);
			String origin = "";
			if (given.storedType != null) {
				String stored = "given stored event #" + eventNr + " (" + given.storedType + " revision "
						+ given.revision + ")";
				List<? extends Message> adapted;
				try {
					adapted = this.schema.adapt(new StoredEvent("scenario", eventNr, given.storedType, given.revision,
							given.message.toByteArray(),
							(given.revision > 1)
									? Map.of(SchemaEvolution.REVISION_KEY, Integer.toString(given.revision))
									: Map.of()));
				}
				catch (RuntimeException ex) {
					return EventSourcedResult.failed(
							Verdict.arrangementFailed(command, stored + " cannot be adapted: " + ex.getMessage(), ex));
				}
				if (adapted != null) {
					events = adapted;
					origin = " adapted from " + stored;
				}
				else if (!given.storedType.equals(Messages.typeName(given.message))) {
					return EventSourcedResult.failed(Verdict.arrangementFailed(command,
							stored + " cannot be read: no adapter reads that type and revision (set one with "
									+ "withSchemaEvolution)",
							null));
				}
			}
			for (int k = 0; k < events.size(); k++) {
				Message event = events.get(k);
				String what = "given event #" + eventNr + ((events.size() > 1) ? "." + (k + 1) : "") + " "
						+ Messages.describe(event) + origin;
				if (!origin.isEmpty()) {
					problem = check("given event #" + eventNr + origin, event);
					if (problem != null) {
						return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
					}
				}
				S next;
				try {
					next = this.behavior.handleEvent(event, state);
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
					"handleCommand returned null instead of a list of events for " + Messages.describe(command), null));
		}
		List<Message> events = new ArrayList<>(produced.size());
		for (int i = 0; i < produced.size(); i++) {
			Message event = produced.get(i);
			if (event == null) {
				return EventSourcedResult
					.failed(Verdict.contractViolated(command, "handleCommand returned a null event #" + (i + 1) + " in "
							+ Messages.describe(produced) + " for " + Messages.describe(command), null));
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
				return EventSourcedResult
					.failed(Verdict.contractViolated(command, "handleEvent threw for " + what + ": " + ex, ex));
			}
			catch (RuntimeException ex) {
				return EventSourcedResult.rejected(Verdict.rejected(command, Verdict.rejectionOf(command, ex)), prior);
			}
			String wrong = wrongState(next, stateClass, initial);
			if (wrong != null) {
				return EventSourcedResult
					.failed(Verdict.contractViolated(command, "handleEvent returned " + wrong + " for " + what, null));
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
		return new EventSourcedScenario<>(this.behavior, arrangement, this.serializationCheck, this.schema);
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

	/**
	 * One step of the arrangement: a state that replaces the current one, or an event
	 * folded into it (stored under {@code storedType} at {@code revision} when given as
	 * stored, else {@code null}).
	 */
	private record Given(boolean state, Message message, @Nullable String storedType, int revision) {
	}

}
