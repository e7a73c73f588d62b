package io.ego.testkit;

import java.util.function.Supplier;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import org.jspecify.annotations.Nullable;

/**
 * How a scenario's command ended: accepted, rejected by the behaviour, or not checkable
 * because the scenario failed (a broken arrangement, a behaviour contract violation, a
 * message that does not survive serialization). Answers the rejection-related assertions
 * of both result types.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Verdict {

	private final Message command;

	private final @Nullable CommandRejectedException rejection;

	private final @Nullable String failure;

	private final @Nullable Throwable failureCause;

	private Verdict(Message command, @Nullable CommandRejectedException rejection, @Nullable String failure,
			@Nullable Throwable failureCause) {
		this.command = command;
		this.rejection = rejection;
		this.failure = failure;
		this.failureCause = failureCause;
	}

	static Verdict accepted(Message command) {
		return new Verdict(command, null, null, null);
	}

	static Verdict rejected(Message command, CommandRejectedException rejection) {
		return new Verdict(command, rejection, null, null);
	}

	static Verdict arrangementFailed(Message command, String problem, @Nullable Throwable cause) {
		return new Verdict(command, null, "scenario arrangement failed: " + problem, cause);
	}

	static Verdict contractViolated(Message command, String problem, @Nullable Throwable cause) {
		return new Verdict(command, null, "behaviour contract violation: " + problem, cause);
	}

	static Verdict notSerializable(Message command, String problem) {
		return new Verdict(command, null, "serialization check failed: " + problem, null);
	}

	boolean isAccepted() {
		return this.failure == null && this.rejection == null;
	}

	/**
	 * Fails when the scenario itself failed.
	 * @param check the assertion being checked, e.g. {@code "thenState(...)"}
	 */
	void requireCheckable(String check) {
		if (this.failure != null) {
			AssertionError error = new AssertionError(check + " cannot pass: " + this.failure);
			if (this.failureCause != null) {
				error.initCause(this.failureCause);
			}
			throw error;
		}
	}

	/**
	 * Fails when the scenario failed or the command was rejected.
	 * @param check the assertion being checked
	 * @param expectation what the assertion expected, e.g. {@code "events [...]"}
	 */
	void requireAccepted(String check, Supplier<String> expectation) {
		requireCheckable(check);
		CommandRejectedException rejection = this.rejection;
		if (rejection != null) {
			throw new AssertionError(check + " failed: expected " + expectation.get() + " but the command "
					+ Messages.describe(this.command) + " was rejected: " + rejection.reason(), rejection);
		}
	}

	/**
	 * Returns the rejection, failing when the scenario failed or the command was
	 * accepted.
	 * @param check the assertion being checked
	 * @param accepted describes the accepted outcome
	 * @return the rejection
	 */
	CommandRejectedException requireRejected(String check, Supplier<String> accepted) {
		requireCheckable(check);
		CommandRejectedException rejection = this.rejection;
		if (rejection == null) {
			throw new AssertionError(check + " failed: expected the command " + Messages.describe(this.command)
					+ " to be rejected but it was accepted with " + accepted.get());
		}
		return rejection;
	}

	void requireRejectedWithReason(String check, String reasonSubstring, Supplier<String> accepted) {
		CommandRejectedException rejection = requireRejected(check, accepted);
		String reason = rejection.reason();
		if (reason == null || !reason.contains(reasonSubstring)) {
			throw new AssertionError(check + " failed: expected the command " + Messages.describe(this.command)
					+ " to be rejected with a reason containing \"" + reasonSubstring + "\" but the reason was \""
					+ reason + "\"", rejection);
		}
	}

	void requireRejectedBy(String check, Class<? extends Throwable> type, Supplier<String> accepted) {
		CommandRejectedException rejection = requireRejected(check, accepted);
		Throwable cause = rejection.getCause();
		if (type.isInstance(rejection) || (cause != null && type.isInstance(cause))) {
			return;
		}
		throw new AssertionError(
				check + " failed: expected the command " + Messages.describe(this.command) + " to be rejected by a "
						+ type.getName() + " but it was rejected by a " + rejection.getClass().getName()
						+ ((cause != null) ? " caused by " + cause : "") + ": " + rejection.reason(),
				rejection);
	}

}
