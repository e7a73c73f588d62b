package io.ego.core.cluster;

import java.util.Objects;

/**
 * The owner's answer to a {@link ForwardedCommand}, as it travels back.
 *
 * @param outcome what happened
 * @param state the state's protobuf bytes after an accepted command or read (else empty)
 * @param revision the revision after an accepted command or read (else 0)
 * @param message the rejection's reason or the error's message (else empty)
 * @author eGo team
 * @since 0.3.0
 */
public record ForwardedReply(Outcome outcome, byte[] state, long revision, String message) {

	private static final byte[] NONE = new byte[0];

	/** Checks the fields. */
	public ForwardedReply {
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(message, "message");
	}

	/**
	 * @param outcome what happened, not {@link Outcome#ACCEPTED}
	 * @param message the reason or message
	 * @return a reply without a state
	 */
	public static ForwardedReply of(Outcome outcome, String message) {
		return new ForwardedReply(outcome, NONE, 0, message);
	}

	/**
	 * What happened to a forwarded command, one value for each reply and error the
	 * engine's API distinguishes.
	 */
	public enum Outcome {

		/** Accepted (a command) or read (a read): the state and revision are set. */
		ACCEPTED,

		/** Rejected by the behaviour: nothing was written. */
		REJECTED,

		/** The behaviour does not handle the command's type: nothing was written. */
		UNSUPPORTED,

		/** The member does not own the entity (any more): it did not run the command. */
		NOT_OWNER,

		/** The command was withdrawn while queued: it never ran. */
		TIMED_OUT,

		/** The command ran but its outcome is unknown: it may have been written. */
		OUTCOME_UNKNOWN,

		/** Writing failed: nothing was written. */
		PERSISTENCE_FAILED,

		/** The entity could not be recovered: nothing was written. */
		RECOVERY_FAILED,

		/** The behaviour broke its contract: nothing was written. */
		BEHAVIOR_CONTRACT,

		/** The owner's engine stopped: nothing was written. */
		ENGINE_STOPPED,

		/** The entity was erased (a command in reject mode, or a read). */
		ERASED,

		/** A read of an entity without history. */
		NOT_FOUND,

		/** The owner has no such entity type or command type. */
		UNKNOWN_TYPE,

		/** The entity id is not valid. */
		INVALID_ID,

		/** Another error, which the caller reports as an unknown outcome. */
		OTHER

	}

}
