package io.ego.core.internal.entity;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.DedupePolicy;
import io.ego.core.internal.codec.CommandIds;
import org.jspecify.annotations.Nullable;

/**
 * Command-id deduplication of one entity, over the {@link CommandIds} it remembers:
 * answers a re-sent command with its original outcome, remembers outcomes as commands are
 * answered, and lists the ids a durable state carries. Owner only.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class Deduplication<S extends Message> {

	private final DedupePolicy policy;

	private final Clock clock;

	private final CommandIds ids;

	/**
	 * @param policy the entity type's deduplication setting
	 * @param clock the engine's clock (when an outcome was remembered)
	 */
	Deduplication(DedupePolicy policy, Clock clock) {
		this.policy = policy;
		this.clock = clock;
		this.ids = new CommandIds(policy);
	}

	/**
	 * @return the command ids the entity remembers, with their outcomes (recovered with
	 * the entity, carried by its snapshots or states)
	 */
	CommandIds ids() {
		return this.ids;
	}

	/**
	 * @return whether command ids are deduplicated
	 */
	boolean isEnabled() {
		return this.ids.isEnabled();
	}

	/**
	 * The reply to a command whose id the entity handled before: the revision its write
	 * produced (with the current state), or its rejection.
	 * @param commandId the command's id
	 * @param state the current state
	 * @return the reply, or {@code null} when the id is not remembered
	 */
	@Nullable CommandReply<S> replyBefore(String commandId, S state) {
		CommandIds.Outcome outcome = this.ids.get(commandId, this.clock.instant());
		if (outcome == null) {
			return null;
		}
		CommandRejectedException rejection = outcome.rejection();
		return (rejection != null) ? new CommandReply.Rejected<>(rejection)
				: new CommandReply.Accepted<>(state, outcome.sequenceNr());
	}

	/**
	 * Answers a command and remembers the outcome of its id: a durable write or a
	 * rejection.
	 * @param pending the command
	 * @param reply its reply
	 * @param wrote whether the reply follows a durable write of the command's own
	 */
	void deliver(Pending<S> pending, CommandReply<S> reply, boolean wrote) {
		String commandId = pending.commandId;
		if (commandId != null && this.ids.isEnabled()) {
			if (wrote && reply instanceof CommandReply.Accepted<S> accepted) {
				this.ids.written(commandId, accepted.revision(), this.clock.instant());
			}
			else if (reply instanceof CommandReply.Rejected<S> rejected) {
				this.ids.rejected(commandId, rejected.rejection(), this.clock.instant());
			}
		}
		pending.reply(reply);
	}

	/**
	 * The command ids the next durable state carries: those the entity remembers, and the
	 * id of the command that writes it.
	 * @param commandId the id of the command that writes the state, or {@code null}
	 * @param nextRevision the state's revision
	 * @return the ids, at most the window
	 */
	List<CommandIds.Written> carried(@Nullable String commandId, long nextRevision) {
		List<CommandIds.Written> written = this.ids.written();
		if (commandId == null || !this.ids.isEnabled()) {
			return written;
		}
		List<CommandIds.Written> carried = new ArrayList<>(written.size() + 1);
		int skip = Math.max(0, written.size() + 1 - this.policy.window());
		carried.addAll(written.subList(Math.min(skip, written.size()), written.size()));
		carried.add(new CommandIds.Written(commandId, nextRevision, this.clock.millis()));
		return carried;
	}

}
