package io.ego.core.internal.entity;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContract;
import io.ego.core.CommandOutcomeUnknownException;
import io.ego.core.CommandReply;
import io.ego.core.DurableStateBehavior;
import io.ego.core.EntityErasedException;
import io.ego.core.ErasureMode;
import io.ego.core.PersistenceFailureException;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.RevisionConflictException;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live durable-state entity: each command that changes the state writes it with the
 * next revision, checked against the stored one; memory changes only after the write
 * succeeded.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class DurableStateCell<S extends Message> extends Cell<S> {

	private static final Logger logger = LoggerFactory.getLogger(DurableStateCell.class);

	private final DurableStateBehavior<S> behavior;

	private final DurableStateStore store;

	/** Decides each command: runs the behaviour and checks its contract. */
	private final BehaviorContract<S> contract;

	private final CellContext context;

	private boolean recovered;

	/**
	 * The reply {@link #handle} decided without a write (a rejection or no-op), to be
	 * answered once the state is verified current; owner only.
	 */
	private @Nullable CommandReply<S> unwritten;

	private S state;

	private long revision;

	/** Encodes and decodes the entity's rows; holds its data key. */
	private final DurableStateCodec<S> codec;

	/**
	 * The erasure of the entity when it was erased and the engine rejects its commands;
	 * owner only.
	 */
	private @Nullable ErasureMarker erased;

	/** Deduplicates command ids; the ids are carried in the state. */
	private final Deduplication<S> dedupe;

	DurableStateCell(EntityType<S> type, String entityId) {
		super(type, entityId);
		this.behavior = (DurableStateBehavior<S>) type.behavior;
		DurableStateStore store = type.engine.durableStateStore();
		if (store == null) {
			throw new IllegalStateException("no durable-state store for '" + type.name + "'");
		}
		this.store = store;
		this.state = this.behavior.initialState();
		this.contract = BehaviorContract.durableState(type.name, this.behavior);
		this.context = new CellContext(entityId, this.persistenceId);
		this.codec = new DurableStateCodec<>(this.persistenceId, type.name, this.slice, this.state,
				type.engine.messageTypes(), type.engine.dataKeys());
		this.dedupe = new Deduplication<>(type.settings.dedupe(), type.engine.clock());
	}

	/**
	 * Answers a read, a rejection or a no-op once {@link #checkHead} found the state
	 * current.
	 * @return {@code false} when the store is ahead: the pending was queued again and the
	 * cell reloads
	 */
	private boolean answerWithoutWrite(Pending<S> pending, CommandReply<S> reply) {
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
		DurableStateRecord stored = this.store.get(this.persistenceId);
		return (stored != null) ? stored.revision() : 0;
	}

	@Override
	long knownRevision() {
		return this.revision;
	}

	@Override
	boolean hasHistory() {
		return this.revision > 0 || this.erased != null;
	}

	@Override
	void reset() {
		this.recovered = false;
	}

	@Override
	void runOnce() {
		if (!this.recovered && (recoveryBackingOff() || !recover())) {
			return;
		}
		for (int handled = 0; handled < this.type.settings.maxBatchSize(); handled++) {
			Pending<S> pending = this.mailbox.poll();
			if (pending == null) {
				return;
			}
			if (pending.start()) {
				if (this.erased != null) {
					pending.reply(new CommandReply.Rejected<>(
							new EntityErasedException(this.persistenceId, this.erased.erasedAt())));
					continue;
				}
				if (pending.read) {
					if (!answerWithoutWrite(pending, readReply(this.state, this.revision))) {
						return; // behind the store: reloading
					}
					continue;
				}
				if (answeredBefore(pending)) {
					continue; // re-sent: answered with the original outcome, nothing
								// written
				}
				CommandReply<S> reply = handle(pending);
				if (reply != null && reply == this.unwritten) {
					// a rejection or no-op: answered unless the state was stale
					this.unwritten = null;
					if (!answerWithoutWrite(pending, reply)) {
						return; // decided again after the reload
					}
					continue;
				}
				if (reply == null) {
					// conflicted, nothing written: decide again against the reloaded
					// state
					pending.conflicts++;
					this.mailbox.redoFirst(List.of(pending));
					this.type.metrics.conflictRetried();
					LockSupport.parkNanos(Pending.CONFLICT_BACKOFF.delayAfter(pending.conflicts).toNanos());
					return;
				}
				this.dedupe.deliver(pending, reply, false);
				if (!this.recovered) {
					return;
				}
			}
		}
	}

	/**
	 * Handles one command; {@code null} when its write conflicted and it is to be decided
	 * again.
	 */
	private @Nullable CommandReply<S> handle(Pending<S> pending) {
		this.unwritten = null;
		String commandId = pending.commandId;
		if (!this.contract.decide(pending.command(), this.state, this.context.of(pending, this.revision))) {
			CommandReply<S> refusal = BehaviorInvoker.refusal(this.contract);
			if (refusal instanceof CommandReply.Rejected<S>) {
				this.unwritten = refusal;
			}
			return refusal;
		}
		S next = this.contract.state();
		if (next == this.state) {
			CommandReply<S> noOp = new CommandReply.Accepted<>(this.state, this.revision);
			this.unwritten = noOp;
			return noOp;
		}
		Observation observation = pending.observation;
		int conflicts = pending.conflicts;
		long nextRevision = this.revision + 1;
		Observation persist = this.type.engine.telemetry()
			.persist(this.type.name, this.persistenceId, 1, 1, observation);
		long persistStarted = System.nanoTime();
		DurableStateRecord record;
		try {
			record = this.codec.encode(next, nextRevision, this.dedupe.carried(commandId, nextRevision),
					this.type.engine.writeTime());
		}
		catch (Throwable ex) {
			Telemetry.stop(persist, "failure", ex);
			this.type.writeTimed(persistStarted, "failure", ex);
			String message = "state of '" + this.persistenceId + "' could not be written: " + ex;
			logger.warn("{}", message);
			return new CommandReply.Failed<>(new PersistenceFailureException(message, ex));
		}
		long writtenAt = System.nanoTime();
		try {
			this.store.upsert(record);
		}
		catch (Throwable ex) {
			Telemetry.stop(persist, "failure", ex);
			this.type.writeTimed(persistStarted, "failure", ex);
			boolean conflict = ex instanceof RevisionConflictException;
			boolean unknown = ex instanceof StoreOutcomeUnknownException
					|| !(ex instanceof StoreException || ex instanceof IllegalArgumentException);
			String message = "state of '" + this.persistenceId + "' "
					+ (conflict ? "conflicted with another writer"
							: unknown ? "may or may not have been written" : "could not be written")
					+ ": " + ex.getMessage();
			this.recovered = false;
			if (conflict && conflicts < this.type.settings.conflictRetries()) {
				logger.debug("{}; reloading and deciding again", message);
				return null;
			}
			logger.warn("{}; reloading", message);
			return new CommandReply.Failed<>(unknown ? new CommandOutcomeUnknownException(message, ex)
					: new PersistenceFailureException(message, ex));
		}
		this.state = next;
		this.revision = nextRevision;
		if (commandId != null) {
			this.dedupe.ids().written(commandId, nextRevision, record.writeTime());
		}
		// the upsert's check: the store's revision was ours
		this.headCheck.verifiedAt(writtenAt);
		Telemetry.stop(persist, "success", null);
		this.type.writeTimed(persistStarted, "success", null);
		this.type.engine.journalSignal().fire(); // wakes state publishers
		this.type.metrics.persisted(1);
		return new CommandReply.Accepted<>(next, nextRevision);
	}

	/**
	 * Answers a command whose id the entity handled before with that outcome.
	 * @return whether the command was answered
	 */
	private boolean answeredBefore(Pending<S> pending) {
		String commandId = pending.commandId;
		CommandReply<S> reply = (commandId != null && this.dedupe.isEnabled())
				? this.dedupe.replyBefore(commandId, this.state) : null;
		if (reply == null) {
			return false;
		}
		pending.reply(reply);
		return true;
	}

	private boolean recover() {
		for (int attempt = 1;; attempt++) {
			Boolean recovered = recoverOnce(attempt == RecoveryBackoff.READ_ATTEMPTS);
			if (recovered != null) {
				return recovered;
			}
			// reads are safe to repeat: a connection the pool handed out stale after an
			// outage fails once
		}
	}

	/**
	 * @return whether the cell recovered, or {@code null} to read again after a store
	 * failure
	 */
	private @Nullable Boolean recoverOnce(boolean lastAttempt) {
		long started = System.nanoTime();
		Observation observation = this.type.engine.telemetry().recovery(this.type.name, this.persistenceId);
		try {
			this.erased = null;
			this.codec.forgetKey();
			this.dedupe.ids().clear();
			ErasureStore erasures = this.type.engine.erasureStore();
			if (erasures != null && this.type.engine.erasureMode() == ErasureMode.REJECT) {
				this.erased = erasures.get(this.persistenceId);
				if (this.erased != null) {
					this.state = this.behavior.initialState();
					this.revision = 0;
					this.recovered = true;
					this.recoveryBackoff.succeeded();
					Telemetry.stop(observation, "success", null);
					return true;
				}
			}
			this.codec.loadKey();
			DurableStateRecord stored = this.store.get(this.persistenceId);
			if (stored == null) {
				this.state = this.behavior.initialState();
				this.revision = 0;
			}
			else {
				this.state = this.codec.decode(stored, this.dedupe.ids());
				this.revision = stored.revision();
			}
			this.recovered = true;
			this.headCheck.verifiedAt(started);
			this.recoveryBackoff.succeeded();
			Telemetry.stop(observation, "success", null);
			return true;
		}
		catch (Throwable ex) {
			Telemetry.stop(observation, "failure", ex);
			if (!lastAttempt && ex instanceof StoreException) {
				logger.debug("Recovery of '{}' failed, reading again: {}", this.persistenceId, ex.getMessage());
				return null;
			}
			this.recoveryBackoff.failed(ex);
			return false;
		}
	}

}
