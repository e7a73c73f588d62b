package io.ego.testkit;

import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * The outcome of a {@link DurableStateScenario}'s command, with its then-assertions. Each
 * assertion throws an {@link AssertionError} naming what differed, and returns this
 * result so that assertions chain. When the scenario itself failed (a behaviour contract
 * violation, a message that does not survive serialization), every assertion and accessor
 * fails saying so.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public final class DurableStateResult<S extends Message> {

	private final Verdict verdict;

	private final @Nullable S priorState;

	private final long priorRevision;

	private final @Nullable S state;

	private final long revision;

	private DurableStateResult(Verdict verdict, @Nullable S priorState, long priorRevision, @Nullable S state,
			long revision) {
		this.verdict = verdict;
		this.priorState = priorState;
		this.priorRevision = priorRevision;
		this.state = state;
		this.revision = revision;
	}

	static <S extends Message> DurableStateResult<S> accepted(Verdict verdict, S priorState, long priorRevision,
			S state, long revision) {
		return new DurableStateResult<>(verdict, priorState, priorRevision, state, revision);
	}

	static <S extends Message> DurableStateResult<S> rejected(Verdict verdict, S priorState, long priorRevision) {
		return new DurableStateResult<>(verdict, priorState, priorRevision, priorState, priorRevision);
	}

	static <S extends Message> DurableStateResult<S> failed(Verdict verdict) {
		return new DurableStateResult<>(verdict, null, 0, null, 0);
	}

	/**
	 * Asserts that the command was accepted and the state after it equals the expected
	 * one.
	 * @param expected the expected state
	 * @return this result
	 */
	public DurableStateResult<S> thenState(S expected) {
		String check = "thenState(...)";
		this.verdict.requireAccepted(check, () -> "the state " + Messages.describe(expected));
		S actual = Objects.requireNonNull(this.state);
		if (!actual.equals(expected)) {
			String expectedText = Messages.describe(expected);
			String actualText = Messages.describe(actual);
			throw new AssertionFailedError(check + " failed: the state after the command differs:\n  expected: "
					+ expectedText + "\n  actual:   " + actualText, expectedText, actualText);
		}
		return this;
	}

	/**
	 * Asserts that the command was accepted and the revision after it is the expected
	 * one: the prior revision plus one when the state changed, the prior revision when it
	 * did not.
	 * @param expected the expected revision
	 * @return this result
	 */
	public DurableStateResult<S> thenRevision(long expected) {
		String check = "thenRevision(" + expected + ")";
		this.verdict.requireAccepted(check, () -> "revision " + expected);
		if (this.revision != expected) {
			throw new AssertionFailedError(check + " failed: expected revision " + expected + " but it is "
					+ this.revision + " (given revision " + this.priorRevision + ", the state "
					+ ((this.revision == this.priorRevision) ? "did not change"
							: "changed to " + Messages.describe(this.state))
					+ ")", expected, this.revision);
		}
		return this;
	}

	/**
	 * Asserts that the command was accepted without changing the state: the behaviour
	 * returned the same or an equal state, so nothing is written and the revision stays.
	 * @return this result
	 */
	public DurableStateResult<S> thenUnchanged() {
		String check = "thenUnchanged()";
		this.verdict.requireAccepted(check, () -> "the state unchanged");
		if (this.revision != this.priorRevision) {
			String expectedText = Messages.describe(this.priorState);
			String actualText = Messages.describe(this.state);
			throw new AssertionFailedError(check + " failed: expected the state to stay " + expectedText
					+ " but the command changed it to " + actualText + " (revision " + this.revision + ")",
					expectedText, actualText);
		}
		return this;
	}

	/**
	 * Asserts that the behaviour rejected the command.
	 * @return this result
	 */
	public DurableStateResult<S> thenRejected() {
		this.verdict.requireRejected("thenRejected()", this::describeAccepted);
		return this;
	}

	/**
	 * Asserts that the behaviour rejected the command with a reason containing a text.
	 * @param reasonSubstring the text the reason contains
	 * @return this result
	 */
	public DurableStateResult<S> thenRejected(String reasonSubstring) {
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
	public DurableStateResult<S> thenRejected(Class<? extends Throwable> type) {
		this.verdict.requireRejectedBy("thenRejected(" + type.getSimpleName() + ".class)", type,
				this::describeAccepted);
		return this;
	}

	/**
	 * Returns the state after the accepted command.
	 * @return the state
	 * @throws AssertionError when the command was rejected or the scenario failed
	 */
	public S state() {
		this.verdict.requireAccepted("state()", () -> "a state");
		return Objects.requireNonNull(this.state);
	}

	/**
	 * Returns the revision after the accepted command.
	 * @return the revision
	 * @throws AssertionError when the command was rejected or the scenario failed
	 */
	public long revision() {
		this.verdict.requireAccepted("revision()", () -> "a revision");
		return this.revision;
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
		return "the state " + Messages.describe(this.state) + " at revision " + this.revision;
	}

}
