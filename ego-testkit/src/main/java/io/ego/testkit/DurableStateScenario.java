package io.ego.testkit;

import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
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
 * <li>a {@link CommandRejectedException} or any other runtime exception rejects the
 * command (another exception with its message as the reason, as the engine does);</li>
 * <li>returning {@code null} or a state of another type than {@code initialState()} is a
 * behaviour contract violation, which every then-assertion reports;</li>
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

	private DurableStateScenario(DurableStateBehavior<S> behavior, @Nullable S givenState, long givenRevision,
			boolean serializationCheck) {
		this.behavior = behavior;
		this.givenState = givenState;
		this.givenRevision = givenRevision;
		this.serializationCheck = serializationCheck;
	}

	/**
	 * Starts a scenario of a behaviour, at its initial state and revision {@code 0}.
	 * @param <S> the state message type
	 * @param behavior the behaviour under test
	 * @return the scenario
	 */
	public static <S extends Message> DurableStateScenario<S> of(DurableStateBehavior<S> behavior) {
		return new DurableStateScenario<>(Objects.requireNonNull(behavior, "behavior"), null, 0, true);
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
		return new DurableStateScenario<>(this.behavior, state, revision, this.serializationCheck);
	}

	/**
	 * Turns off the check that every command and state survives protobuf serialization.
	 * @return a scenario without the check
	 */
	public DurableStateScenario<S> withoutSerializationCheck() {
		return new DurableStateScenario<>(this.behavior, this.givenState, this.givenRevision, false);
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

		S next;
		try {
			next = this.behavior.handleCommand(command, prior, revision);
		}
		catch (RuntimeException ex) {
			return DurableStateResult.rejected(Verdict.rejected(command, Verdict.rejectionOf(command, ex)), prior,
					revision);
		}
		if (next == null || next.getClass() != stateClass) {
			return DurableStateResult.failed(Verdict.contractViolated(command, "handleCommand returned "
					+ ((next != null) ? "a state of the wrong type, " + Messages.describe(next) : "null") + " for "
					+ Messages.describe(command) + "; the state type is " + Messages.typeName(initial), null));
		}
		problem = check("the state after the command", next);
		if (problem != null) {
			return DurableStateResult.failed(Verdict.notSerializable(command, problem));
		}
		boolean changed = next != prior && !next.equals(prior);
		return DurableStateResult.accepted(Verdict.accepted(command), prior, revision, changed ? next : prior,
				changed ? revision + 1 : revision);
	}

	private @Nullable String check(String what, Message message) {
		return this.serializationCheck ? Messages.serializationProblem(what, message) : null;
	}

}
