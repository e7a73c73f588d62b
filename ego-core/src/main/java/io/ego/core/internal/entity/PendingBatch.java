package io.ego.core.internal.entity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContract;
import io.ego.core.CommandReply;
import io.ego.core.EgoException;
import io.ego.core.internal.codec.EntityCodec;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;

/**
 * The batch an event-sourced cell is building: the events to append, and the commands
 * whose replies wait for that append, each with its reply and whether its events are in
 * the batch. Reused; owner thread only.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class PendingBatch<S extends Message> {

	/** Events of the batch; reused. */
	final List<PersistedEvent> events = new ArrayList<>();

	private final List<Entry<S>> waiting = new ArrayList<>();

	/**
	 * @return whether no command waits for the append
	 */
	boolean isEmpty() {
		return this.waiting.isEmpty();
	}

	/**
	 * @return how many commands wait for the append
	 */
	int size() {
		return this.waiting.size();
	}

	/**
	 * @return the first command waiting
	 */
	Pending<S> first() {
		return this.waiting.get(0).pending;
	}

	/**
	 * Adds the rows of the events a command was decided to; the last row of a command
	 * with an id records it (the write answered that command).
	 * @param contract the decision
	 * @param codec the entity's codec
	 * @param lastSeq the sequence number before the command's events
	 * @param now the write time
	 * @param pending the command
	 * @throws RuntimeException when an event cannot be encoded (the caller drops the
	 * command's rows)
	 */
	void addEvents(BehaviorContract<S> contract, EntityCodec codec, long lastSeq, Instant now, Pending<S> pending) {
		Map<String, String> metadata = Telemetry.metadataOf(pending.observation);
		String commandId = pending.commandId;
		long seq = lastSeq;
		for (int e = 0, n = contract.eventCount(); e < n; e++) {
			Map<String, String> recorded = (commandId != null && e == n - 1)
					? EntityCodec.withCommandId(metadata, commandId) : metadata;
			this.events.add(codec.event(contract.event(e), ++seq, now, recorded));
		}
	}

	/**
	 * Adds a command whose reply waits for the append.
	 * @param pending the command
	 * @param reply its reply once the batch is durable
	 * @param wrote whether its events are in the batch (else it was answered against the
	 * batch's state)
	 */
	void add(Pending<S> pending, CommandReply<S> reply, boolean wrote) {
		this.waiting.add(new Entry<>(pending, reply, wrote));
	}

	/**
	 * Drops the events after {@code size} (a command whose events could not all be
	 * built).
	 */
	void truncate(int size) {
		while (this.events.size() > size) {
			this.events.remove(this.events.size() - 1);
		}
	}

	/**
	 * Answers every waiting command with its reply: the batch is durable.
	 * @param deliver how a reply reaches its command
	 */
	void answerAll(Delivery<S> deliver) {
		// by index: no iterator per write
		for (int i = 0; i < this.waiting.size(); i++) {
			Entry<S> entry = this.waiting.get(i);
			deliver.deliver(entry.pending, entry.reply, entry.wrote);
		}
		this.waiting.clear();
	}

	/**
	 * How a reply reaches its command.
	 *
	 * @param <S> the state type
	 */
	@FunctionalInterface
	interface Delivery<S extends Message> {

		/**
		 * @param pending the command
		 * @param reply its reply
		 * @param wrote whether its events were in the written batch
		 */
		void deliver(Pending<S> pending, CommandReply<S> reply, boolean wrote);

	}

	/**
	 * Finds the reply of a command of this batch that has a command id: the outcomes the
	 * entity remembers by id once the batch is written, its events in the batch or its
	 * rejection (a rejection waits for the batch when it was decided against the batch's
	 * state, and a re-send decided again against a later state could pass).
	 * @param commandId the id
	 * @return the reply of the command with that id whose events or rejection are in the
	 * batch, or {@code null}
	 */
	@Nullable CommandReply<S> replyOf(String commandId) {
		for (Entry<S> entry : this.waiting) {
			if ((entry.wrote || entry.reply instanceof CommandReply.Rejected<S>)
					&& commandId.equals(entry.pending.commandId)) {
				return entry.reply;
			}
		}
		return null;
	}

	/**
	 * Answers the commands whose events were in a batch that did not become durable with
	 * {@code failure}.
	 * @param failure the failure
	 * @return the others (answered against that batch's state), to be decided again
	 */
	List<Pending<S>> failWritten(EgoException failure) {
		List<Pending<S>> again = new ArrayList<>();
		for (Entry<S> entry : this.waiting) {
			if (entry.wrote) {
				entry.pending.reply(new CommandReply.Failed<>(failure));
			}
			else {
				again.add(entry.pending);
			}
		}
		this.waiting.clear();
		return again;
	}

	/**
	 * Counts a conflict against the commands whose events were in the batch, when each
	 * has retries left.
	 * @param maxRetries how many conflicts a command may meet
	 * @return the highest number of conflicts any of them met before, or -1 when one has
	 * no retries left (nothing counted)
	 */
	int countConflict(int maxRetries) {
		int attempt = 0;
		for (Entry<S> entry : this.waiting) {
			if (entry.wrote && entry.pending.conflicts >= maxRetries) {
				return -1;
			}
			attempt = Math.max(attempt, entry.pending.conflicts);
		}
		for (Entry<S> entry : this.waiting) {
			if (entry.wrote) {
				entry.pending.conflicts++;
			}
		}
		return attempt;
	}

	/**
	 * @return every waiting command, in order; the batch is emptied
	 */
	List<Pending<S>> takeAll() {
		List<Pending<S>> all = new ArrayList<>(this.waiting.size());
		for (Entry<S> entry : this.waiting) {
			all.add(entry.pending);
		}
		this.waiting.clear();
		return all;
	}

	private record Entry<S extends Message>(Pending<S> pending, CommandReply<S> reply, boolean wrote) {
	}

}
