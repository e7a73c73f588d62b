package io.ego.spring.boot.test.scenario;

import java.util.List;
import java.util.function.Consumer;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EntityRef;
import io.ego.core.EntityTypeInfo;
import io.ego.core.projection.EventEnvelope;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * The reply to one command an {@link EgoScenario} sent, with assertions that fail
 * printing what was expected beside the reply and, for events, the entity's journal. Each
 * {@code then…} method returns this result so assertions chain; {@link #and()} returns to
 * the scenario.
 *
 * @param <S> the entity's state type
 * @author eGo team
 * @since 0.1.0
 */
public final class CommandResult<S extends Message> {

	static final long UNKNOWN_REVISION = -1;

	private final EgoScenario scenario;

	private final EntityRef<S> entity;

	private final EntityTypeInfo.Kind kind;

	private final Message command;

	private final long revisionBefore;

	private final CommandReply<S> reply;

	private @Nullable List<Message> events;

	CommandResult(EgoScenario scenario, EntityRef<S> entity, EntityTypeInfo.Kind kind, Message command,
			long revisionBefore, CommandReply<S> reply) {
		this.scenario = scenario;
		this.entity = entity;
		this.kind = kind;
		this.command = command;
		this.revisionBefore = revisionBefore;
		this.reply = reply;
	}

	/**
	 * @return the engine's reply
	 */
	public CommandReply<S> reply() {
		return this.reply;
	}

	/**
	 * Asserts that the command was accepted: what it persisted is durable.
	 * @return this result
	 */
	public CommandResult<S> thenAccepted() {
		if (!(this.reply instanceof CommandReply.Accepted)) {
			throw failure("to be accepted", "accepted", Describe.reply(this.reply));
		}
		return this;
	}

	/**
	 * Asserts that the command was rejected by the behaviour.
	 * @return this result
	 */
	public CommandResult<S> thenRejected() {
		if (!(this.reply instanceof CommandReply.Rejected)) {
			throw failure("to be rejected", "rejected", Describe.reply(this.reply));
		}
		return this;
	}

	/**
	 * Asserts that the command was rejected with a reason that contains a text.
	 * @param reasonPart a part of the expected reason
	 * @return this result
	 */
	public CommandResult<S> thenRejected(String reasonPart) {
		if (!(this.reply instanceof CommandReply.Rejected<S> rejected) || !rejected.reason().contains(reasonPart)) {
			throw failure("to be rejected with a reason containing \"" + reasonPart + "\"",
					"rejected: ..." + reasonPart + "...", Describe.reply(this.reply));
		}
		return this;
	}

	/**
	 * Asserts that the command failed in the engine (not a rejection) and whether its
	 * outcome is unknown.
	 * @param outcomeUnknown {@code true} for "outcome unknown", {@code false} for "not
	 * written"
	 * @return this result
	 */
	public CommandResult<S> thenFailed(boolean outcomeUnknown) {
		if (!(this.reply instanceof CommandReply.Failed<S> failed) || failed.outcomeUnknown() != outcomeUnknown) {
			String expected = outcomeUnknown ? "failed, outcome unknown" : "failed, not written";
			throw failure("to have " + expected, expected, Describe.reply(this.reply));
		}
		return this;
	}

	/**
	 * Asserts the events this command persisted, in order, as the engine decoded them
	 * from the journal.
	 * @param expected the expected events
	 * @return this result
	 */
	public CommandResult<S> thenEvents(Message... expected) {
		return thenEvents(List.of(expected));
	}

	/**
	 * Asserts the events this command persisted, in order, as the engine decoded them
	 * from the journal.
	 * @param expected the expected events
	 * @return this result
	 */
	public CommandResult<S> thenEvents(List<? extends Message> expected) {
		List<Message> actual = events();
		if (!actual.equals(expected)) {
			String journal = Describe
				.journal(this.scenario.recorder().events(this.entity.entityType(), this.entity.entityId()));
			throw new AssertionFailedError(
					"Expected " + subject() + " to persist these events:\n" + Describe.messages(expected)
							+ "but it persisted:\n" + Describe.messages(actual) + "reply: " + Describe.reply(this.reply)
							+ "\nthe entity's journal:\n" + journal,
					Describe.messages(expected), Describe.messages(actual));
		}
		return this;
	}

	/**
	 * Asserts that the command persisted no event (rejected, a read, or a re-sent command
	 * id the entity remembers).
	 * @return this result
	 */
	public CommandResult<S> thenNoEvents() {
		return thenEvents(List.of());
	}

	/**
	 * Asserts the entity's state after the command.
	 * @param expected the expected state
	 * @return this result
	 */
	public CommandResult<S> thenState(S expected) {
		S actual = acceptedState("to leave the state " + Describe.message(expected));
		if (!actual.equals(expected)) {
			throw new AssertionFailedError(
					"Expected " + subject() + " to leave the state\n  " + Describe.message(expected)
							+ "\nbut it left\n  " + Describe.message(actual),
					Describe.message(expected), Describe.message(actual));
		}
		return this;
	}

	/**
	 * Runs assertions on the entity's state after the command.
	 * @param assertions the assertions (AssertJ's, say)
	 * @return this result
	 */
	public CommandResult<S> thenState(Consumer<? super S> assertions) {
		assertions.accept(acceptedState("to be accepted, so that its state can be checked"));
		return this;
	}

	/**
	 * Asserts the entity's revision after the command.
	 * @param expected the expected revision
	 * @return this result
	 */
	public CommandResult<S> thenRevision(long expected) {
		acceptedState("to be accepted at revision " + expected);
		if (this.reply.revision() != expected) {
			throw failure("to leave the entity at revision " + expected, Long.toString(expected),
					Long.toString(this.reply.revision()));
		}
		return this;
	}

	/**
	 * The events this command persisted, in order, as the engine decoded them from the
	 * journal (waiting until they are recorded); empty when the command was not accepted,
	 * persisted nothing, or the entity keeps a durable state.
	 * @return the events
	 */
	public List<Message> events() {
		List<Message> events = this.events;
		if (events == null) {
			events = readEvents();
			this.events = events;
		}
		return events;
	}

	private List<Message> readEvents() {
		if (!(this.reply instanceof CommandReply.Accepted<S> accepted) || this.kind != EntityTypeInfo.Kind.EVENT_SOURCED
				|| accepted.revision() <= this.revisionBefore) {
			return List.of();
		}
		if (this.revisionBefore == UNKNOWN_REVISION) {
			throw new AssertionFailedError("the revision of " + entityName()
					+ " before the command could not be read, so its events cannot be told apart");
		}
		JournalRecorder recorder = this.scenario.recorder();
		try {
			if (!recorder.awaitSequenceNr(this.entity.entityType(), this.entity.entityId(), accepted.revision(),
					this.scenario.timeout())) {
				throw new AssertionFailedError("the events of " + subject() + " up to sequence number "
						+ accepted.revision() + " were not read from the journal within " + this.scenario.timeout()
						+ "; recorded so far:\n"
						+ Describe.journal(recorder.events(this.entity.entityType(), this.entity.entityId())));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionFailedError("interrupted while waiting for the events of " + subject(), ex);
		}
		return recorder.events(this.entity.entityType(), this.entity.entityId())
			.stream()
			.filter((event) -> event.sequenceNr() > this.revisionBefore && event.sequenceNr() <= accepted.revision())
			.map(EventEnvelope::event)
			.toList();
	}

	/**
	 * @return the entity's state after the command
	 * @throws AssertionFailedError if the command was not accepted
	 */
	public S state() {
		return acceptedState("to be accepted, so that its state can be read");
	}

	/**
	 * @return the scenario, to send the next command
	 */
	public EgoScenario and() {
		return this.scenario;
	}

	private S acceptedState(String expectation) {
		if (!(this.reply instanceof CommandReply.Accepted<S> accepted)) {
			throw failure(expectation, "accepted", Describe.reply(this.reply));
		}
		return accepted.state();
	}

	private AssertionFailedError failure(String expectation, String expected, String actual) {
		return new AssertionFailedError("Expected " + subject() + " " + expectation + ", but it was " + actual,
				expected, actual);
	}

	private String subject() {
		return "command " + Describe.message(this.command) + " to " + entityName();
	}

	private String entityName() {
		return this.entity.entityType() + "/" + this.entity.entityId();
	}

}
