package io.ego.core.saga;

import java.util.Objects;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * How a forward step ended.
 *
 * @param step the step's name
 * @param kind how it ended
 * @param result the target's state after it, when {@link Kind#ACCEPTED accepted}
 * @param reason the rejection's or the last failure's reason, else empty
 * @author eGo team
 * @since 0.2.0
 */
public record StepOutcome(String step, Kind kind, @Nullable Message result, String reason) {

	public StepOutcome {
		Objects.requireNonNull(step, "step");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(reason, "reason");
	}

	/**
	 * @return whether the target accepted the command
	 */
	public boolean isAccepted() {
		return this.kind == Kind.ACCEPTED;
	}

	/** How a step ended. */
	public enum Kind {

		/** The target applied the command; it is durable. */
		ACCEPTED,

		/** The target's behaviour rejected it; nothing was written. */
		REJECTED,

		/**
		 * Every attempt failed for an infrastructure reason and the last one wrote
		 * nothing. (When the last one's outcome is unknown, the engine does not guess:
		 * the instance ends {@link SagaStatus#FAILED} for an operator to
		 * {@link Sagas#retry retry}.)
		 */
		FAILED

	}

}
