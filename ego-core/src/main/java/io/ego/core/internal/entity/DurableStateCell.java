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
import io.ego.core.RecoveryFailedException;
import io.ego.core.encryption.EncryptionException;
import io.ego.core.internal.codec.StoredMessages;
import io.ego.core.internal.crypto.DataKey;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.crypto.PayloadCipher;
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

	private final Class<?> stateClass;

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

	/** The engine's data keys when durable states are encrypted, else {@code null}. */
	private final @Nullable DataKeys dataKeys;

	/** Created on first use: a durable state is encrypted, or was encrypted before. */
	private @Nullable PayloadCipher cipher;

	/**
	 * The entity's data key: found on recovery, created with its first write; owner only.
	 */
	private @Nullable DataKey key;

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
		this.stateClass = this.state.getClass();
		this.contract = BehaviorContract.durableState(type.name, this.behavior);
		this.context = new CellContext(entityId, this.persistenceId);
		DataKeys keys = type.engine.dataKeys();
		this.dataKeys = (keys != null && keys.durableState) ? keys : null;
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
		DurableStateRecord record;
		try {
			String stateType = next.getDescriptorForType().getFullName();
			byte[] payload = StoredMessages.frame(1, this.dedupe.carried(commandId, nextRevision), next.toByteArray());
			String keyId = null;
			if (this.dataKeys != null) {
				DataKey key = this.key;
				if (key == null) {
					key = this.dataKeys.create(this.persistenceId);
					this.key = key;
				}
				payload = cipher(this.dataKeys).encrypt(key, PayloadCipher.STATE, nextRevision, stateType, payload);
				keyId = key.keyId();
			}
			record = new DurableStateRecord(this.persistenceId, this.type.name, nextRevision, this.slice, stateType,
					payload, this.type.engine.writeTime(), keyId);
		}
		catch (Throwable ex) {
			Telemetry.stop(persist, "failure", ex);
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
			this.key = null;
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
			if (this.dataKeys != null) {
				this.key = this.dataKeys.latest(this.persistenceId);
			}
			DurableStateRecord stored = this.store.get(this.persistenceId);
			if (stored == null) {
				this.state = this.behavior.initialState();
				this.revision = 0;
			}
			else {
				String what = "state revision " + stored.revision() + " of '" + this.persistenceId + "'";
				byte[] plaintext = plaintext(stored, what);
				StoredMessages.Framed framed = StoredMessages.unframe(plaintext, what);
				Message parsed = this.type.engine.messageTypes()
					.parse(stored.stateType(), plaintext, framed.offset(), plaintext.length - framed.offset(), what);
				this.dedupe.ids().restore(framed.commandIds());
				if (parsed.getClass() != this.stateClass) {
					throw new RecoveryFailedException(
							"stored state of '" + this.persistenceId + "' is a '" + stored.stateType() + "', not a '"
									+ this.state.getDescriptorForType().getFullName() + "'");
				}
				@SuppressWarnings("unchecked")
				S restored = (S) parsed;
				this.state = restored;
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

	private byte[] plaintext(DurableStateRecord stored, String what) {
		String keyId = stored.keyId();
		if (keyId == null) {
			return stored.payload();
		}
		DataKeys keys = this.type.engine.dataKeys();
		if (keys == null) {
			throw new EncryptionException(
					what + " is encrypted (data key '" + keyId + "') but encryption is not configured");
		}
		DataKey key = this.key;
		if (key == null || !key.keyId().equals(keyId)) {
			key = keys.get(keyId, this.persistenceId);
			if (key == null) {
				throw new EncryptionException("cannot decrypt " + what + ": its data key '" + keyId
						+ "' is not in the data key store, and the entity was not erased");
			}
		}
		return cipher(keys).decrypt(key, PayloadCipher.STATE, stored.revision(), stored.stateType(), stored.payload());
	}

	private PayloadCipher cipher(DataKeys keys) {
		PayloadCipher cipher = this.cipher;
		if (cipher == null) {
			cipher = new PayloadCipher(keys.random);
			this.cipher = cipher;
		}
		return cipher;
	}

}
