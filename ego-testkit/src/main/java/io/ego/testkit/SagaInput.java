package io.ego.testkit;

import java.time.Duration;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.projection.EventEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * One input of a saga scenario: what reaches the instance in an engine (a start, a
 * journal event, a step's outcome, an operator's retry or cancel) or time passing.
 *
 * @author eGo team
 * @since 0.2.0
 */
sealed interface SagaInput {

	/**
	 * @return the input as the scenario's method that gave it, for assertion messages
	 */
	String describe();

	/** An explicit start. */
	record Start(Message start) implements SagaInput {

		public Start {
			Objects.requireNonNull(start, "start");
		}

		@Override
		public String describe() {
			return "started with " + Messages.describe(this.start);
		}

	}

	/** A journal event of an entity, at the next position and sequence number. */
	record Event(String entityType, String entityId, Message event) implements SagaInput {

		public Event {
			Objects.requireNonNull(entityType, "entityType");
			Objects.requireNonNull(entityId, "entityId");
			Objects.requireNonNull(event, "event");
		}

		@Override
		public String describe() {
			return "event " + Messages.describe(this.event) + " of " + this.entityType + " '" + this.entityId + "'";
		}

	}

	/** A journal event as the saga's reader reads it. */
	record Envelope(EventEnvelope envelope) implements SagaInput {

		public Envelope {
			Objects.requireNonNull(envelope, "envelope");
		}

		@Override
		public String describe() {
			return "event " + Messages.describe(this.envelope.event()) + " of '" + this.envelope.persistenceId()
					+ "' at position " + this.envelope.position();
		}

	}

	/** The last journal event again, at its position (a reader re-reading it). */
	record Redelivery() implements SagaInput {

		@Override
		public String describe() {
			return "the last journal event delivered again";
		}

	}

	/** The outcome of a step's current attempt. */
	record Outcome(String step, Kind kind, @Nullable Message result, String reason) implements SagaInput {

		public Outcome {
			Objects.requireNonNull(step, "step");
			Objects.requireNonNull(kind, "kind");
			Objects.requireNonNull(reason, "reason");
		}

		@Override
		public String describe() {
			return switch (this.kind) {
				case ACCEPTED -> "step '" + this.step + "' accepted"
						+ ((this.result != null) ? " with " + Messages.describe(this.result) : "");
				case REJECTED -> "step '" + this.step + "' rejected: " + this.reason;
				case FAILED -> "step '" + this.step + "' attempt failed: " + this.reason;
				case UNKNOWN -> "step '" + this.step + "' attempt of unknown outcome: " + this.reason;
			};
		}

		/** How the attempt ended. */
		enum Kind {

			ACCEPTED, REJECTED, FAILED, UNKNOWN

		}

	}

	/** An operator's retry. */
	record Retry() implements SagaInput {

		@Override
		public String describe() {
			return "retried by an operator";
		}

	}

	/** An operator's cancel. */
	record Cancel(String reason) implements SagaInput {

		public Cancel {
			Objects.requireNonNull(reason, "reason");
		}

		@Override
		public String describe() {
			return "cancelled: " + this.reason;
		}

	}

	/** Time passing: the due timers fire. */
	record Advance(Duration by) implements SagaInput {

		public Advance {
			Objects.requireNonNull(by, "by");
			if (by.isNegative()) {
				throw new IllegalArgumentException("the clock cannot go back: " + by);
			}
		}

		@Override
		public String describe() {
			return "the clock advanced by " + this.by;
		}

	}

}
