package io.ego.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContract;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandContext;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.Effect;
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
 * <li>the command is decided by the engine's own evaluator, {@link BehaviorContract}: a
 * {@link CommandRejectedException} or any other runtime exception thrown by the command
 * handler (or {@link Effect#reject(String) Effect.reject}) rejects the command, as does a
 * runtime exception other than a {@link BehaviorContractException} thrown while folding
 * its events; a {@code null} list or event, a {@code google.protobuf.Any} event, an event
 * a typed handler does not declare, a folded state that is {@code null} or of another
 * type, or a {@link BehaviorContractException} while folding, is a behaviour contract
 * violation (the engine fails the command), which every then-assertion reports;</li>
 * <li>the behaviour's {@link CommandContext} names the entity
 * {@link #withEntityId(String)} (default {@code "scenario"}), its sequence number is the
 * number of given events, and its command id and metadata are
 * {@link #withCommand(String, Map)}'s; a behaviour the engine would refuse at start-up
 * (typed handlers that do not fit, no {@code handleCommand}) fails {@link #of};</li>
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

	private final ScenarioContext context;

	private EventSourcedScenario(EventSourcedBehavior<S> behavior, List<Given> arrangement, boolean serializationCheck,
			SchemaEvolution schema, ScenarioContext context) {
		this.behavior = behavior;
		this.arrangement = List.copyOf(arrangement);
		this.serializationCheck = serializationCheck;
		this.schema = schema;
		this.context = context;
	}

	/**
	 * Starts a scenario of a behaviour, at its initial state with no history.
	 * @param <S> the state message type
	 * @param behavior the behaviour under test
	 * @return the scenario
	 */
	public static <S extends Message> EventSourcedScenario<S> of(EventSourcedBehavior<S> behavior) {
		Objects.requireNonNull(behavior, "behavior");
		ScenarioContext context = ScenarioContext.of(behavior);
		BehaviorContract.validate(context.entityType(), behavior);
		return new EventSourcedScenario<>(behavior, List.of(), true, SchemaEvolution.none(), context);
	}

	/**
	 * Sets the id of the entity the scenario plays (its
	 * {@link CommandContext#entityId()}; {@code "scenario"} by default).
	 * @param entityId the entity id
	 * @return a scenario of that entity
	 */
	public EventSourcedScenario<S> withEntityId(String entityId) {
		return new EventSourcedScenario<>(this.behavior, this.arrangement, this.serializationCheck, this.schema,
				this.context.withEntityId(Objects.requireNonNull(entityId, "entityId")));
	}

	/**
	 * Sets the id and metadata of the command {@link #when(Message)} handles, as the
	 * behaviour sees them in its {@link CommandContext}.
	 * @param commandId the command's id, or {@code null} for none
	 * @param metadata the command's metadata
	 * @return a scenario sending the command with them
	 */
	public EventSourcedScenario<S> withCommand(@Nullable String commandId, Map<String, String> metadata) {
		return new EventSourcedScenario<>(this.behavior, this.arrangement, this.serializationCheck, this.schema,
				this.context.withCommand(commandId, metadata));
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
		return new EventSourcedScenario<>(this.behavior, arrangement, this.serializationCheck, this.schema,
				this.context);
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
				Objects.requireNonNull(schema, "schema"), this.context);
	}

	/**
	 * Turns off the check that every command, event and state survives protobuf
	 * serialization.
	 * @return a scenario without the check
	 */
	public EventSourcedScenario<S> withoutSerializationCheck() {
		return new EventSourcedScenario<>(this.behavior, this.arrangement, false, this.schema, this.context);
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

		BehaviorContract<S> contract = BehaviorContract.eventSourced(this.context.entityType(), this.behavior);

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
				try {
					state = contract.fold(event, state);
				}
				catch (RuntimeException ex) {
					String why = (ex instanceof BehaviorContractException) ? String.valueOf(ex.getMessage())
							: "handleEvent threw " + ex;
					return EventSourcedResult
						.failed(Verdict.arrangementFailed(command, what + " cannot be applied: " + why, ex));
				}
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

		// when: the engine's own evaluation of the behaviour contract
		S prior = state;
		if (!contract.decide(command, prior, this.context.at(eventNr))) {
			return switch (Objects.requireNonNull(contract.refusal())) {
				case CommandReply.Rejected<S> rejected ->
					EventSourcedResult.rejected(Verdict.rejected(command, rejected.rejection()), prior);
				case CommandReply.Failed<S> failed -> EventSourcedResult.failed(
						Verdict.contractViolated(command, String.valueOf(failed.error().getMessage()), failed.error()));
				case CommandReply.Accepted<S> accepted -> throw new IllegalStateException("refused: " + accepted);
			};
		}
		List<Message> events = contract.events();
		for (int i = 0; i < events.size(); i++) {
			problem = check("event #" + (i + 1) + " returned by handleCommand", events.get(i));
			if (problem != null) {
				return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
			}
		}
		state = contract.state();
		problem = check("the state after the command", state);
		if (problem != null) {
			return EventSourcedResult.failed(Verdict.notSerializable(command, problem));
		}
		return EventSourcedResult.accepted(Verdict.accepted(command), events, state);
	}

	private EventSourcedScenario<S> with(Given given) {
		List<Given> arrangement = new ArrayList<>(this.arrangement);
		arrangement.add(given);
		return new EventSourcedScenario<>(this.behavior, arrangement, this.serializationCheck, this.schema,
				this.context);
	}

	private @Nullable String check(String what, Message message) {
		return this.serializationCheck ? Messages.serializationProblem(what, message) : null;
	}

	/**
	 * One step of the arrangement: a state that replaces the current one, or an event
	 * folded into it (stored under {@code storedType} at {@code revision} when given as
	 * stored, else {@code null}).
	 */
	private record Given(boolean state, Message message, @Nullable String storedType, int revision) {
	}

}
