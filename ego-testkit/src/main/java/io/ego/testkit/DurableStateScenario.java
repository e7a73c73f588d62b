package io.ego.testkit;

import java.util.Map;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContract;
import io.ego.core.CommandContext;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.DurableStateBehavior;
import org.jspecify.annotations.Nullable;

/**
 * A Given/When/Then test of a {@link DurableStateBehavior}, run in plain Java with the
 * engine's semantics: <pre class="code">
 * DurableStateScenario.of(new CounterBehavior())
 * 	.given(Counter.newBuilder().setValue(2).build(), 3)
 * 	.when(Increment.newBuilder().setBy(5).build())
 * 	.thenState(Counter.newBuilder().setValue(7).build())
 * 	.thenRevision(4);
 * </pre> The state starts as the behaviour's {@code initialState()} at revision
 * {@code 0}; {@link #given(Message, long)} replaces both. {@link #when(Message)} then
 * handles the command:
 * <ul>
 * <li>a new state that differs from the prior one is written with the next revision; the
 * same or an equal state writes nothing and keeps the revision;</li>
 * <li>the command is decided by the engine's own evaluator, {@link BehaviorContract}: a
 * {@link CommandRejectedException} or any other runtime exception rejects the command
 * (another exception with its message as the reason, as the engine does); returning
 * {@code null} or a state of another type than {@code initialState()} is a behaviour
 * contract violation, which every then-assertion reports;</li>
 * <li>the behaviour's {@link CommandContext} names the entity
 * {@link #withEntityId(String)}, its sequence number is the given revision, its command
 * id and metadata are {@link #withCommand(String, Map)}'s;</li>
 * <li>every command and state is serialized and parsed back: one that does not come back
 * equal fails every then-assertion, unless {@link #withoutSerializationCheck()}.</li>
 * </ul>
 * A scenario is immutable: each method returns a new one.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public final class DurableStateScenario<S extends Message> {

	private final DurableStateBehavior<S> behavior;

	private final @Nullable S givenState;

	private final long givenRevision;

	private final boolean serializationCheck;

	private final ScenarioContext context;

	private DurableStateScenario(DurableStateBehavior<S> behavior, @Nullable S givenState, long givenRevision,
			boolean serializationCheck, ScenarioContext context) {
		this.behavior = behavior;
		this.givenState = givenState;
		this.givenRevision = givenRevision;
		this.serializationCheck = serializationCheck;
		this.context = context;
	}

	/**
	 * Starts a scenario of a behaviour, at its initial state and revision {@code 0}.
	 * @param <S> the state message type
	 * @param behavior the behaviour under test
	 * @return the scenario
	 */
	public static <S extends Message> DurableStateScenario<S> of(DurableStateBehavior<S> behavior) {
		Objects.requireNonNull(behavior, "behavior");
		ScenarioContext context = ScenarioContext.of(behavior);
		BehaviorContract.validate(context.entityType(), behavior);
		return new DurableStateScenario<>(behavior, null, 0, true, context);
	}

	/**
	 * Sets the id of the entity the scenario plays (its
	 * {@link CommandContext#entityId()}; {@code "scenario"} by default).
	 * @param entityId the entity id
	 * @return a scenario of that entity
	 */
	public DurableStateScenario<S> withEntityId(String entityId) {
		return new DurableStateScenario<>(this.behavior, this.givenState, this.givenRevision, this.serializationCheck,
				this.context.withEntityId(Objects.requireNonNull(entityId, "entityId")));
	}

	/**
	 * Sets the id and metadata of the command {@link #when(Message)} handles, as the
	 * behaviour sees them in its {@link CommandContext}.
	 * @param commandId the command's id, or {@code null} for none
	 * @param metadata the command's metadata
	 * @return a scenario sending the command with them
	 */
	public DurableStateScenario<S> withCommand(@Nullable String commandId, Map<String, String> metadata) {
		return new DurableStateScenario<>(this.behavior, this.givenState, this.givenRevision, this.serializationCheck,
				this.context.withCommand(commandId, metadata));
	}

	/**
	 * Sets the stored state and its revision.
	 * @param state the state
	 * @param revision the revision, {@code 0} for an entity never written
	 * @return a scenario with that state
	 */
	public DurableStateScenario<S> given(S state, long revision) {
		Objects.requireNonNull(state, "given state");
		if (revision < 0) {
			throw new IllegalArgumentException("revision must be >= 0 but was " + revision);
		}
		return new DurableStateScenario<>(this.behavior, state, revision, this.serializationCheck, this.context);
	}

	/**
	 * Turns off the check that every command and state survives protobuf serialization.
	 * @return a scenario without the check
	 */
	public DurableStateScenario<S> withoutSerializationCheck() {
		return new DurableStateScenario<>(this.behavior, this.givenState, this.givenRevision, false, this.context);
	}

	/**
	 * Handles a command against the given state.
	 * @param command the command
	 * @return the outcome, to check with its then-assertions
	 */
	public DurableStateResult<S> when(Message command) {
		Objects.requireNonNull(command, "command");
		S initial;
		try {
			initial = this.behavior.initialState();
		}
		catch (RuntimeException ex) {
			return DurableStateResult.failed(Verdict.contractViolated(command, "initialState() threw " + ex, ex));
		}
		if (initial == null) {
			return DurableStateResult.failed(Verdict.contractViolated(command, "initialState() returned null", null));
		}
		Class<?> stateClass = initial.getClass();
		String problem = check("the initial state", initial);
		if (problem != null) {
			return DurableStateResult.failed(Verdict.notSerializable(command, problem));
		}
		S prior = initial;
		S given = this.givenState;
		if (given != null) {
			if (given.getClass() != stateClass) {
				return DurableStateResult
					.failed(Verdict.arrangementFailed(command, "the given state " + Messages.describe(given)
							+ " is not a " + Messages.typeName(initial) + ", the type of initialState()", null));
			}
			problem = check("the given state", given);
			if (problem != null) {
				return DurableStateResult.failed(Verdict.notSerializable(command, problem));
			}
			prior = given;
		}
		problem = check("the command", command);
		if (problem != null) {
			return DurableStateResult.failed(Verdict.notSerializable(command, problem));
		}
		long revision = this.givenRevision;

		// the engine's own evaluation of the behaviour contract
		BehaviorContract<S> contract = BehaviorContract.durableState(this.context.entityType(), this.behavior);
		if (!contract.decide(command, prior, this.context.at(revision))) {
			return switch (Objects.requireNonNull(contract.refusal())) {
				case CommandReply.Rejected<S> rejected ->
					DurableStateResult.rejected(Verdict.rejected(command, rejected.rejection()), prior, revision);
				case CommandReply.Failed<S> failed -> DurableStateResult.failed(
						Verdict.contractViolated(command, String.valueOf(failed.error().getMessage()), failed.error()));
				case CommandReply.Accepted<S> accepted -> throw new IllegalStateException("refused: " + accepted);
			};
		}
		S next = contract.state();
		problem = check("the state after the command", next);
		if (problem != null) {
			return DurableStateResult.failed(Verdict.notSerializable(command, problem));
		}
		boolean changed = next != prior;
		return DurableStateResult.accepted(Verdict.accepted(command), prior, revision, changed ? next : prior,
				changed ? revision + 1 : revision);
	}

	private @Nullable String check(String what, Message message) {
		return this.serializationCheck ? Messages.serializationProblem(what, message) : null;
	}

}
