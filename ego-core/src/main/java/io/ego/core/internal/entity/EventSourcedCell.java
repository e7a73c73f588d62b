package io.ego.core.internal.entity;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContract;
import io.ego.core.CommandReply;
import io.ego.core.EntityErasedException;
import io.ego.core.EntitySettings;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.PersistenceFailureException;
import io.ego.core.internal.codec.EntityCodec;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.store.AppendConflictException;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.EventStore;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live event-sourced entity. Handles the queued commands against the pending state,
 * writes all their events in one append, then answers each command; a failed append fails
 * exactly the commands whose events were in it and makes the cell reload before anything
 * else. Recovery, snapshots and retention are its collaborators'.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class EventSourcedCell<S extends Message> extends Cell<S> {

	private static final Logger logger = LoggerFactory.getLogger(EventSourcedCell.class);

	private final EventSourcedBehavior<S> behavior;

	private final EventStore eventStore;

	private final EntitySettings settings;

	private final Mode mode;

	private final EntityCodec codec;

	private final EventSourcedRecovery<S> recovery;

	private final @Nullable SnapshotWriter<S> snapshots;

	private final PendingBatch<S> batch = new PendingBatch<>();

	/** Answers the batch when it does not become durable. */
	private final BatchFailures<S> failures;

	/** Deduplicates command ids. */
	private final Deduplication<S> dedupe;

	/** How a written batch's replies reach their commands: made once, not per write. */
	private final PendingBatch.Delivery<S> deliver;

	/** Decides each command: runs the behaviour and checks its contract. */
	private final BehaviorContract<S> contract;

	private final CellContext context;

	private boolean recovered;

	/**
	 * Whether the state is the initial one taken without recovery on a
	 * {@link NewEntityHint}, until the first append confirms it; owner only.
	 */
	private boolean provisional;

	/** Whether the cell already considered a {@link NewEntityHint}; owner only. */
	private boolean hintConsidered;

	private S state;

	private long sequenceNr;

	/**
	 * Whether the store has the batch now (set around the append): a failure then leaves
	 * the outcome unknown.
	 */
	private boolean appending;

	/**
	 * The erasure of the entity when it was erased and the engine rejects its commands;
	 * owner only.
	 */
	private @Nullable ErasureMarker erased;

	EventSourcedCell(EntityType<S> type, String entityId) {
		super(type, entityId);
		this.behavior = (EventSourcedBehavior<S>) type.behavior;
		this.eventStore = requireEventStore(type);
		this.settings = type.settings;
		this.mode = (this.settings.batchThreshold() > 0) ? Mode.WINDOW
				: this.settings.adaptiveBatching() ? Mode.ADAPTIVE : Mode.SINGLE;
		this.state = this.behavior.initialState();
		this.contract = BehaviorContract.eventSourced(type.name, this.behavior);
		this.context = new CellContext(entityId, this.persistenceId);
		this.codec = new EntityCodec(this.persistenceId, type.name, this.slice, BehaviorInvoker.typeName(this.state),
				type.engine.messageTypes(), type.engine.schema(), type.engine.dataKeys());
		this.failures = new BatchFailures<>(this.persistenceId, this.batch, this.mailbox,
				this.settings.conflictRetries(), type.metrics);
		this.dedupe = new Deduplication<>(this.settings.dedupe(), type.engine.clock());
		this.deliver = this.dedupe::deliver;
		this.recovery = new EventSourcedRecovery<>(type, this.persistenceId, this.eventStore, this.codec,
				this.dedupe.ids(), this.recoveryBackoff);
		this.snapshots = SnapshotWriter.of(type, this.persistenceId, this.slice, this.eventStore, this.codec);
	}

	private static EventStore requireEventStore(EntityType<?> type) {
		EventStore store = type.engine.eventStore();
		if (store == null) {
			throw new IllegalStateException("no event store for '" + type.name + "'");
		}
		return store;
	}

	/**
	 * Forgets the in-memory state after an unexpected failure and answers the batch being
	 * built: its commands were not written (or, if the failure struck while the store had
	 * them, their outcome is unknown); commands whose answers were decided against the
	 * unwritten state are decided again after the reload.
	 */
	@Override
	void reset() {
		this.recovered = false;
		this.provisional = false;
		this.batch.events.clear();
		this.failures.cellFailed(this.appending);
		this.appending = false;
	}

	@Override
	void runOnce() {
		if (!this.recovered && !startProvisionally() && (recoveryBackingOff() || !recover())) {
			return;
		}
		if (this.erased != null) {
			rejectErased(this.erased);
			return;
		}
		S pendingState = this.state;
		long pendingSeq = this.sequenceNr;
		List<?> events = this.batch.events;
		int maxCommands = (this.mode == Mode.SINGLE) ? 1 : this.settings.maxBatchSize();
		int threshold = this.settings.batchThreshold();
		long deadline = 0;
		Instant now = null;
		int taken = 0;
		while (taken < maxCommands) {
			Pending<S> pending = this.mailbox.poll();
			if (pending == null) {
				if (this.mode == Mode.WINDOW && !events.isEmpty() && events.size() < threshold
						&& this.mailbox.awaitCommand(deadline)) {
					continue;
				}
				break;
			}
			taken++;
			if (!pending.start()) {
				continue; // withdrawn (timed out) or answered while queued: never handled
			}
			if (pending.read) {
				if (this.provisional && this.batch.isEmpty()) {
					recoverBeforeAnswering(pending);
					break;
				}
				if (pending.snapshot) {
					if (!this.batch.isEmpty()) {
						// the batch's events are not durable yet: snapshot after its
						// write
						this.mailbox.redoFirst(List.of(pending));
						break;
					}
					if (this.snapshots != null && pendingSeq > 0) {
						this.snapshots.request(pendingState, pendingSeq, this.codec.key(), this.dedupe.ids().written(),
								pending.snapshotWritten);
					}
					else if (pending.snapshotWritten != null) {
						// nothing to snapshot (no event yet)
						pending.snapshotWritten.complete(null);
					}
				}
				if (!answerWithoutWrite(pending, readReply(pendingState, pendingSeq))) {
					break; // behind the store: reloading
				}
				continue;
			}
			String commandId = pending.commandId;
			if (commandId != null && this.dedupe.isEnabled() && answeredBefore(pending, commandId, pendingState)) {
				continue; // re-sent: answered with the original outcome, nothing written
			}
			Message command = pending.command();
			if (!this.contract.decide(command, pendingState, this.context.of(pending, pendingSeq))) {
				CommandReply<S> refusal = BehaviorInvoker.refusal(this.contract);
				if (this.provisional && this.batch.isEmpty()) {
					// decided against the provisional state: decided again after recovery
					recoverBeforeAnswering(pending);
					break;
				}
				if (!(refusal instanceof CommandReply.Rejected<S>)) {
					answer(pending, refusal);
				}
				else if (!answerWithoutWrite(pending, refusal)) {
					// a rejection against a stale state: decided again after the reload
					break;
				}
				continue;
			}
			if (this.contract.eventCount() == 0) {
				if (!answerWithoutWrite(pending, new CommandReply.Accepted<>(pendingState, pendingSeq))) {
					// a no-op against a stale state: decided again after the reload
					break;
				}
				continue;
			}
			if (now == null) {
				now = this.type.engine.writeTime();
			}
			int mark = events.size();
			if (!encode(pendingSeq, command, now, pending)) {
				continue;
			}
			pendingState = this.contract.state();
			pendingSeq += events.size() - mark;
			if (this.mode == Mode.WINDOW && mark == 0) {
				deadline = System.nanoTime() + this.settings.effectiveFlushWindow().toNanos();
			}
			this.batch.add(pending, new CommandReply.Accepted<>(pendingState, pendingSeq), true);
			if (this.mode == Mode.WINDOW && events.size() >= threshold) {
				break;
			}
		}
		if (!events.isEmpty()) {
			write(pendingState, pendingSeq);
		}
	}

	/**
	 * Adds the rows of the events the contract decided to the batch, creating the
	 * entity's data key before its first event.
	 * @return {@code false} when the command was answered with the failure (its rows were
	 * dropped)
	 */
	private boolean encode(long pendingSeq, Message command, Instant now, Pending<S> pending) {
		if (this.codec.needsKey()) {
			try {
				this.codec.createKey();
			}
			catch (Throwable ex) {
				logger.warn("Data key of '{}' could not be created: {}", this.persistenceId, ex.toString());
				String message = "data key of '" + this.persistenceId + "' could not be created: " + ex.getMessage();
				answer(pending, new CommandReply.Failed<>(new PersistenceFailureException(message, ex)));
				return false;
			}
		}
		int mark = this.batch.events.size();
		try {
			this.batch.addEvents(this.contract, this.codec, pendingSeq, now, pending);
			return true;
		}
		catch (Throwable ex) {
			this.batch.truncate(mark);
			answer(pending, BehaviorInvoker.foldingFailed(this.type.name, this.persistenceId, ex, command));
			return false;
		}
	}

	private void rejectErased(ErasureMarker marker) {
		Pending<S> pending;
		while ((pending = this.mailbox.poll()) != null) {
			if (pending.start()) {
				pending.reply(
						new CommandReply.Rejected<>(new EntityErasedException(this.persistenceId, marker.erasedAt())));
			}
		}
	}

	private void write(S pendingState, long pendingSeq) {
		long before = this.sequenceNr;
		int written = this.batch.events.size();
		Observation persist = this.type.engine.telemetry()
			.persist(this.type.name, this.persistenceId, written, this.batch.size(), this.batch.first().observation);
		this.appending = true;
		long appendedAt = System.nanoTime();
		try {
			this.eventStore.append(this.persistenceId, before, this.batch.events);
		}
		catch (Throwable ex) {
			Telemetry.stop(persist, "failure", ex);
			this.type.writeTimed(appendedAt, "failure", ex);
			this.recovered = false;
			if (this.provisional && ex instanceof AppendConflictException) {
				// the entity was not new: its commands are decided again after recovery
				// (no conflict of another writer: neither counted nor backed off)
				this.provisional = false;
				logger.debug("'{}' has a history; recovering and deciding its commands again", this.persistenceId);
				this.mailbox.redoFirst(this.batch.takeAll());
				return;
			}
			this.provisional = false;
			this.failures.appendFailed(ex);
			return;
		}
		finally {
			this.batch.events.clear();
			this.appending = false;
		}
		// durable: memory follows the journal first, then every command is answered, then
		// the side effects
		this.provisional = false;
		this.state = pendingState;
		this.sequenceNr = pendingSeq;
		// the append's check: the store's head was ours
		this.headCheck.verifiedAt(appendedAt);
		this.batch.answerAll(this.deliver);
		Telemetry.stop(persist, "success", null);
		this.type.writeTimed(appendedAt, "success", null);
		this.type.metrics.persisted(written);
		this.type.engine.journalSignal().fire();
		int interval = this.settings.snapshotInterval();
		if (interval > 0 && this.snapshots != null && before / interval != pendingSeq / interval) {
			this.snapshots.request(pendingState, pendingSeq, this.codec.key(), this.dedupe.ids().written(), null);
		}
	}

	/**
	 * Answers a read, a rejection or a no-op (nothing to write): after the pending write
	 * when it was decided against the batch's state (the append's optimistic check then
	 * verifies that state); else now, once {@link #checkHead} found the state current.
	 * @return {@code false} when the store is ahead: the pending was queued again, the
	 * cell reloads and the caller stops handling
	 */
	private boolean answerWithoutWrite(Pending<S> pending, CommandReply<S> reply) {
		if (!this.batch.isEmpty()) {
			this.batch.add(pending, reply, false);
			return true;
		}
		if (this.provisional) {
			recoverBeforeAnswering(pending);
			return false;
		}
		return switch (checkHead(pending)) {
			case CURRENT -> {
				this.dedupe.deliver(pending, reply, false);
				yield true;
			}
			case UNVERIFIED -> true;
			case BEHIND -> false;
		};
	}

	@Override
	long storedHead() {
		return this.eventStore.highestSequenceNr(this.persistenceId);
	}

	@Override
	long knownRevision() {
		return this.sequenceNr;
	}

	@Override
	boolean hasHistory() {
		return this.sequenceNr > 0 || this.erased != null;
	}

	/**
	 * Answers now, or after the pending write when the answer was computed against
	 * pending state.
	 */
	private void answer(Pending<S> pending, CommandReply<S> reply) {
		if (this.batch.isEmpty()) {
			this.dedupe.deliver(pending, reply, false);
		}
		else {
			this.batch.add(pending, reply, false);
		}
	}

	/**
	 * Answers a command whose id the entity handled before with that outcome; a command
	 * of the batch being built with the same id gets that command's reply once the batch
	 * is written.
	 * @return whether the command was answered
	 */
	private boolean answeredBefore(Pending<S> pending, String commandId, S pendingState) {
		CommandReply<S> reply = this.batch.replyOf(commandId);
		if (reply != null) {
			this.batch.add(pending, reply, false);
			return true;
		}
		reply = this.dedupe.replyBefore(commandId, pendingState);
		if (reply == null) {
			return false;
		}
		answer(pending, reply);
		return true;
	}

	/**
	 * Takes the initial state without recovery reads when the first queued command is, by
	 * its behaviour's {@link NewEntityHint}, most likely the entity's creation; once per
	 * cell, never when its events are encrypted.
	 * @return whether the cell is now provisionally recovered
	 */
	private boolean startProvisionally() {
		if (this.hintConsidered) {
			return false;
		}
		this.hintConsidered = true;
		if (!(this.behavior instanceof NewEntityHint hint) || this.codec.encrypts()) {
			return false;
		}
		Pending<S> first = this.mailbox.peek();
		if (first == null || first.read || !hint.startsNew(first.command())) {
			return false;
		}
		this.state = this.behavior.initialState();
		this.sequenceNr = 0;
		this.erased = null;
		this.recovered = true;
		this.provisional = true;
		return true;
	}

	/**
	 * Leaves the provisional state before anything is answered from it without a write:
	 * queues the pending again and recovers.
	 */
	private void recoverBeforeAnswering(Pending<S> pending) {
		this.mailbox.redoFirst(List.of(pending));
		reset();
	}

	private boolean recover() {
		this.provisional = false;
		long started = System.nanoTime();
		EventSourcedRecovery.Recovered<S> recovered = this.recovery.recoverObserved();
		if (recovered == null) {
			return false;
		}
		this.state = recovered.state();
		this.sequenceNr = recovered.sequenceNr();
		this.erased = recovered.erased();
		this.recovered = true;
		this.headCheck.verifiedAt(started);
		return true;
	}

	@Override
	boolean canPassivate() {
		return this.snapshots == null || !this.snapshots.isWriting();
	}

	@Override
	boolean quiesceForErasure(long deadlineNanos) {
		return this.snapshots == null || this.snapshots.quiesce(deadlineNanos);
	}

	private enum Mode {

		SINGLE, ADAPTIVE, WINDOW

	}

}
