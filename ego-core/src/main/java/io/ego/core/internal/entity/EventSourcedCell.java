package io.ego.core.internal.entity;

import io.ego.core.internal.codec.StoredMessages;
import io.ego.core.internal.crypto.DataKey;
import io.ego.core.internal.crypto.DataKeys;
import io.ego.core.internal.crypto.PayloadCipher;
import io.ego.core.internal.telemetry.Telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContractException;
import io.ego.core.EntityErasedException;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.encryption.EncryptionException;
import io.ego.core.store.ErasureMarker;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.EntitySettings;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.PersistenceFailureException;
import io.ego.core.RecoveryFailedException;
import io.ego.core.RetentionPolicy;
import io.ego.core.store.AppendConflictException;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live event-sourced entity. Handles the queued commands against the pending state, writes all their events
 * in one append, then answers each command; a failed append fails exactly the commands whose events were in it
 * and makes the cell reload before anything else.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class EventSourcedCell<S extends Message> extends Cell<S> {

	private static final Logger logger = LoggerFactory.getLogger(EventSourcedCell.class);

	private final EventSourcedBehavior<S> behavior;

	private final EventStore eventStore;

	private final @Nullable SnapshotStore snapshotStore;

	private final EntitySettings settings;

	private final Mode mode;

	private final Class<?> stateClass;

	private boolean recovered;

	private S state;

	private long sequenceNr;

	/** Events of the batch being built; reused. */
	private final List<PersistedEvent> events = new ArrayList<>();

	/** Commands of the batch whose replies wait for the write, and those replies; reused. */
	private final List<Pending<S>> waiting = new ArrayList<>();

	private final List<CommandReply<S>> waitingReplies = new ArrayList<>();

	/** Which waiting commands produced events (the others are handled again if the write fails). */
	private final List<Boolean> waitingWrote = new ArrayList<>();

	/** Whether the store has the batch now (set around the append): a failure then leaves the outcome unknown. */
	private boolean appending;

	private final AtomicReference<@Nullable Snapshot<S>> nextSnapshot = new AtomicReference<>();

	private final AtomicBoolean snapshotting = new AtomicBoolean();

	/** The engine's data keys when encryption is on, else {@code null}: then nothing below is used. */
	private final @Nullable DataKeys dataKeys;

	/** This cell's cipher (owner thread only), when encryption is on. */
	private final @Nullable PayloadCipher cipher;

	/** The entity's data key: found on recovery, created with its first event; owner only. */
	private @Nullable DataKey key;

	private final SchemaEvolution schema;

	/** Whether some message type is written at a revision above 1 (events then record it in their metadata). */
	private final boolean recordsRevisions;

	/** The schema revision of the state type, recorded in snapshots. */
	private final int stateRevision;

	/** The erasure of the entity when it was erased and the engine rejects its commands; owner only. */
	private @Nullable ErasureMarker erased;

	EventSourcedCell(EntityType<S> type, String entityId) {
		super(type, entityId);
		this.behavior = (EventSourcedBehavior<S>) type.behavior;
		this.eventStore = requireEventStore(type);
		this.snapshotStore = type.engine.snapshotStore();
		this.settings = type.settings;
		this.mode = (this.settings.batchThreshold() > 0) ? Mode.WINDOW
				: this.settings.adaptiveBatching() ? Mode.ADAPTIVE : Mode.SINGLE;
		this.state = this.behavior.initialState();
		this.stateClass = this.state.getClass();
		this.dataKeys = type.engine.dataKeys();
		this.cipher = (this.dataKeys != null) ? new PayloadCipher(this.dataKeys.random) : null;
		this.schema = type.engine.schema();
		this.recordsRevisions = this.schema.hasRevisions();
		this.stateRevision = this.schema.revisionOf(typeName(this.state));
	}

	private static EventStore requireEventStore(EntityType<?> type) {
		EventStore store = type.engine.eventStore();
		if (store == null) {
			throw new IllegalStateException("no event store for '" + type.name + "'");
		}
		return store;
	}

	/**
	 * Forgets the in-memory state after an unexpected failure and answers the batch being built: its commands were
	 * not written (or, if the failure struck while the store had them, their outcome is unknown); commands whose
	 * answers were decided against the unwritten state are decided again after the reload.
	 */
	@Override
	void reset() {
		this.recovered = false;
		this.events.clear();
		if (!this.waiting.isEmpty()) {
			Throwable cause = new IllegalStateException("the entity failed while handling its batch");
			answerUnwritten(this.appending ? unknown(cause) : notWritten(cause));
		}
		this.appending = false;
	}

	@Override
	void runOnce() {
		if (!this.recovered && (recoveryBackingOff() || !recover())) {
			return;
		}
		if (this.erased != null) {
			rejectErased(this.erased);
			return;
		}
		S pendingState = this.state;
		long pendingSeq = this.sequenceNr;
		int maxCommands = (this.mode == Mode.SINGLE) ? 1 : this.settings.maxBatchSize();
		int threshold = this.settings.batchThreshold();
		long deadline = 0;
		Instant now = null;
		int taken = 0;
		while (taken < maxCommands) {
			Pending<S> pending = poll();
			if (pending == null) {
				if (this.mode == Mode.WINDOW && !this.events.isEmpty() && this.events.size() < threshold
						&& awaitCommand(deadline)) {
					continue;
				}
				break;
			}
			taken++;
			if (!pending.start()) {
				continue; // withdrawn (timed out) or answered while queued: never handled
			}
			Message command = pending.command();
			List<? extends Message> produced;
			try {
				produced = this.behavior.handleCommand(command, pendingState);
			}
			catch (CommandRejectedException ex) {
				answer(pending, new CommandReply.Rejected<>(ex));
				continue;
			}
			catch (RuntimeException ex) {
				answer(pending, rejectedBy(ex, command));
				continue;
			}
			catch (Throwable ex) {
				answer(pending, brokeOn(this.type.name, ex, "handling " + typeName(command)));
				continue;
			}
			if (produced == null) {
				answer(pending, contractBroken("returned null events for " + typeName(command)));
				continue;
			}
			if (produced.isEmpty()) {
				answer(pending, new CommandReply.Accepted<>(pendingState, pendingSeq));
				continue;
			}
			if (now == null) {
				now = this.type.engine.writeTime();
			}
			if (this.cipher != null && this.key == null && !createKey(pending)) {
				continue;
			}
			Map<String, String> metadata = Telemetry.metadataOf(pending.observation);
			int mark = this.events.size();
			S folded = pendingState;
			long seq = pendingSeq;
			try {
				for (int e = 0, n = produced.size(); e < n; e++) {
					Message event = produced.get(e);
					if (event == null || event instanceof com.google.protobuf.Any) {
						throw new BehaviorContractException("behaviour of '" + this.type.name + "' returned a "
								+ ((event == null) ? "null event" : "google.protobuf.Any event (return the message itself)")
								+ " for " + typeName(command));
					}
					folded = this.behavior.handleEvent(event, folded);
					if (folded == null || folded.getClass() != this.stateClass) {
						throw new BehaviorContractException("behaviour of '" + this.type.name + "' returned "
								+ ((folded == null) ? "a null state" : "a " + typeName(folded) + " state") + " for event "
								+ typeName(event) + "; the state type is " + typeName(this.state));
					}
					this.events.add(persisted(event, ++seq, now, metadata));
				}
			}
			catch (BehaviorContractException ex) {
				truncate(mark);
				answer(pending, new CommandReply.Failed<>(ex));
				continue;
			}
			catch (CommandRejectedException ex) {
				truncate(mark);
				answer(pending, new CommandReply.Rejected<>(ex));
				continue;
			}
			catch (EncryptionException ex) {
				truncate(mark);
				answer(pending, new CommandReply.Failed<>(new PersistenceFailureException(
						"events of '" + this.persistenceId + "' could not be encrypted: " + ex.getMessage(), ex)));
				continue;
			}
			catch (RuntimeException ex) {
				truncate(mark);
				answer(pending, rejectedBy(ex, command));
				continue;
			}
			catch (Throwable ex) {
				truncate(mark);
				answer(pending, brokeOn(this.type.name, ex, "folding the events of " + typeName(command)));
				continue;
			}
			pendingState = folded;
			pendingSeq = seq;
			if (this.mode == Mode.WINDOW && mark == 0) {
				deadline = System.nanoTime() + this.settings.effectiveFlushWindow().toNanos();
			}
			this.waiting.add(pending);
			this.waitingReplies.add(new CommandReply.Accepted<>(folded, seq));
			this.waitingWrote.add(Boolean.TRUE);
			if (this.mode == Mode.WINDOW && this.events.size() >= threshold) {
				break;
			}
		}
		if (this.events.isEmpty()) {
			return;
		}
		write(pendingState, pendingSeq);
	}

	/** Builds the journal row of an event: encrypted and with its revision when configured. */
	private PersistedEvent persisted(Message event, long seq, Instant now, Map<String, String> metadata) {
		String eventType = event.getDescriptorForType().getFullName();
		byte[] payload = event.toByteArray();
		Map<String, String> recorded = metadata;
		if (this.recordsRevisions) {
			Map<String, String> revision = this.schema.metadataFor(eventType);
			if (!revision.isEmpty()) {
				recorded = metadata.isEmpty() ? revision : merged(metadata, revision);
			}
		}
		PayloadCipher cipher = this.cipher;
		if (cipher == null) {
			return new PersistedEvent(this.persistenceId, this.type.name, seq, 0, this.slice, eventType, payload, now,
					recorded, null);
		}
		DataKey key = this.key;
		if (key == null) {
			throw new IllegalStateException("no data key for '" + this.persistenceId + "'"); // created before
		}
		return new PersistedEvent(this.persistenceId, this.type.name, seq, 0, this.slice, eventType,
				cipher.encrypt(key, PayloadCipher.EVENT, seq, eventType, payload), now, recorded, key.keyId());
	}

	private static Map<String, String> merged(Map<String, String> metadata, Map<String, String> extra) {
		Map<String, String> merged = new java.util.HashMap<>(metadata);
		merged.putAll(extra);
		return Map.copyOf(merged);
	}

	/** Creates the entity's data key before its first event; answers the command with a failure when it cannot. */
	private boolean createKey(Pending<S> pending) {
		try {
			this.key = this.dataKeys.create(this.persistenceId);
			return true;
		}
		catch (Throwable ex) {
			logger.warn("Data key of '{}' could not be created: {}", this.persistenceId, ex.toString());
			answer(pending, new CommandReply.Failed<>(new PersistenceFailureException(
					"data key of '" + this.persistenceId + "' could not be created: " + ex.getMessage(), ex)));
			return false;
		}
	}

	private void rejectErased(ErasureMarker marker) {
		Pending<S> pending;
		while ((pending = poll()) != null) {
			if (pending.start()) {
				pending.reply(new CommandReply.Rejected<>(
						new EntityErasedException(this.persistenceId, marker.erasedAt())));
			}
		}
	}

	private void write(S pendingState, long pendingSeq) {
		long before = this.sequenceNr;
		int written = this.events.size();
		io.micrometer.observation.Observation persist = this.type.engine.telemetry().persist(this.type.name,
				this.persistenceId, written, this.waiting.size(), this.waiting.get(0).observation);
		this.appending = true;
		try {
			this.eventStore.append(this.persistenceId, before, this.events);
		}
		catch (Throwable ex) {
			Telemetry.stop(persist, "failure", ex);
			failBatch(ex);
			return;
		}
		finally {
			this.events.clear();
			this.appending = false;
		}
		// durable: memory follows the journal first, then every command is answered, then the side effects
		this.state = pendingState;
		this.sequenceNr = pendingSeq;
		for (int i = 0, n = this.waiting.size(); i < n; i++) {
			this.waiting.get(i).reply(this.waitingReplies.get(i));
		}
		clearWaiting();
		Telemetry.stop(persist, "success", null);
		this.type.metrics.persisted(written);
		this.type.engine.journalSignal().fire();
		int interval = this.settings.snapshotInterval();
		if (interval > 0 && this.snapshotStore != null && before / interval != pendingSeq / interval) {
			requestSnapshot(new Snapshot<>(pendingState, pendingSeq, this.key));
		}
	}

	/**
	 * Answers the batch whose append failed and makes the cell reload: a conflict or a store failure means that
	 * nothing was written; an ambiguous failure (or anything else the store threw) that the outcome is unknown. A
	 * conflict proves that nothing was written, so its commands are decided again against the reloaded state, up to
	 * {@code conflict-retries} times each, after a short random pause.
	 */
	private void failBatch(Throwable cause) {
		boolean conflict = cause instanceof AppendConflictException;
		boolean unknown = cause instanceof StoreOutcomeUnknownException
				|| !(cause instanceof StoreException || cause instanceof IllegalArgumentException);
		String message = (conflict ? "events of '" + this.persistenceId + "' conflicted with another writer"
				: unknown ? "events of '" + this.persistenceId + "' may or may not have been written"
						: "events of '" + this.persistenceId + "' could not be written")
				+ ": " + cause.getMessage();
		this.recovered = false;
		if (conflict && retryConflicting()) {
			logger.debug("{}; reloading and deciding {} command(s) again", message, this.waiting.size());
			return;
		}
		logger.warn("{}; failing {} command(s) and reloading", message, this.waiting.size());
		answerUnwritten(unknown ? new io.ego.core.CommandOutcomeUnknownException(message, cause)
				: new PersistenceFailureException(message, cause));
	}

	/**
	 * Queues the commands of a conflicting batch to be decided again when each has retries left.
	 * @return whether they were queued again (else the caller fails them)
	 */
	private boolean retryConflicting() {
		int max = this.settings.conflictRetries();
		int attempt = 0;
		for (int i = 0, n = this.waiting.size(); i < n; i++) {
			Pending<S> pending = this.waiting.get(i);
			if (this.waitingWrote.get(i) && pending.conflicts >= max) {
				return false;
			}
			attempt = Math.max(attempt, pending.conflicts);
		}
		for (int i = 0, n = this.waiting.size(); i < n; i++) {
			if (this.waitingWrote.get(i)) {
				this.waiting.get(i).conflicts++;
			}
		}
		redoFirst(this.waiting);
		clearWaiting();
		this.type.metrics.conflictRetried();
		// the other writer is mid-batch: let it finish before reading its events (0.5-1 ms, doubling per attempt)
		long pause = (500_000L << Math.min(attempt, 6));
		java.util.concurrent.locks.LockSupport.parkNanos(pause
				+ java.util.concurrent.ThreadLocalRandom.current().nextLong(pause));
		return true;
	}

	/**
	 * Answers the waiting commands whose events were in a batch that did not become durable with {@code failure}, and
	 * queues the others (answered against that batch's state) to be decided again.
	 */
	private void answerUnwritten(io.ego.core.EgoException failure) {
		List<Pending<S>> again = new ArrayList<>();
		for (int i = 0, n = this.waiting.size(); i < n; i++) {
			Pending<S> pending = this.waiting.get(i);
			if (this.waitingWrote.get(i)) {
				pending.reply(new CommandReply.Failed<>(failure));
			}
			else {
				again.add(pending); // decided against state that never became durable: decide again after reload
			}
		}
		redoFirst(again);
		clearWaiting();
	}

	private io.ego.core.EgoException notWritten(Throwable cause) {
		return new PersistenceFailureException("events of '" + this.persistenceId + "' were not written: " + cause,
				cause);
	}

	private io.ego.core.EgoException unknown(Throwable cause) {
		return new io.ego.core.CommandOutcomeUnknownException("events of '" + this.persistenceId
				+ "' may or may not have been written: " + cause, cause);
	}

	private void clearWaiting() {
		this.waiting.clear();
		this.waitingReplies.clear();
		this.waitingWrote.clear();
	}

	private void truncate(int size) {
		while (this.events.size() > size) {
			this.events.remove(this.events.size() - 1);
		}
	}

	/** Answers now, or after the pending write when the answer was computed against pending state. */
	private void answer(Pending<S> pending, CommandReply<S> reply) {
		if (this.waiting.isEmpty()) {
			pending.reply(reply);
		}
		else {
			this.waiting.add(pending);
			this.waitingReplies.add(reply);
			this.waitingWrote.add(Boolean.FALSE);
		}
	}

	private CommandReply<S> contractBroken(String what) {
		return new CommandReply.Failed<>(new BehaviorContractException("behaviour of '" + this.type.name + "' " + what));
	}

	private static String typeName(Message message) {
		return message.getDescriptorForType().getFullName();
	}

	// ---- recovery

	private boolean recover() {
		io.micrometer.observation.Observation observation = this.type.engine.telemetry().recovery(this.type.name,
				this.persistenceId);
		try {
			for (int attempt = 1;; attempt++) {
				try {
					doRecover(observation);
					break;
				}
				catch (io.ego.core.store.StoreException ex) {
					if (attempt == RECOVERY_READ_ATTEMPTS) {
						throw ex;
					}
					// reads are safe to repeat: a connection the pool handed out stale after an outage fails once
					logger.debug("Recovery of '{}' failed (attempt {}), reading again: {}", this.persistenceId, attempt,
							ex.getMessage());
				}
			}
			this.recovered = true;
			recoverySucceeded();
			Telemetry.stop(observation, "success", null);
			return true;
		}
		catch (Throwable ex) {
			Telemetry.stop(observation, "failure", ex);
			recoveryFailed(ex);
			return false;
		}
	}

	private void doRecover(io.micrometer.observation.@Nullable Observation observation) {
		S recovering = this.behavior.initialState();
		long floor = 0;
		ErasureMarker marker = (this.type.engine.erasureStore() != null)
				? this.type.engine.erasureStore().get(this.persistenceId) : null;
		this.erased = null;
		this.key = null;
		if (marker != null) {
			if (this.type.engine.erasureMode() == io.ego.core.ErasureMode.REJECT) {
				this.erased = marker;
				this.state = recovering;
				this.sequenceNr = marker.erasedToSequenceNr();
				return;
			}
			floor = marker.erasedToSequenceNr(); // FRESH_HISTORY: what came before is gone
		}
		if (this.dataKeys != null) {
			this.key = this.dataKeys.latest(this.persistenceId);
		}
		long seq = floor;
		String discarded = null;
		String discardedWhy = null;
		if (this.snapshotStore != null) {
			SnapshotRecord snapshot = this.snapshotStore.latest(this.persistenceId);
			if (snapshot != null) {
				String stateType = typeName(recovering);
				if (snapshot.sequenceNr() <= floor) {
					discarded = "erased";
				}
				else {
					String what = "snapshot " + snapshot.sequenceNr() + " of '" + this.persistenceId + "'";
					byte[] plaintext = plaintext(snapshot.keyId(), PayloadCipher.SNAPSHOT, snapshot.sequenceNr(),
							snapshot.stateType(), snapshot.payload(), what);
					StoredMessages.Framed framed = StoredMessages.unframe(plaintext, what);
					boolean sameType = snapshot.stateType().equals(stateType);
					if (sameType && framed.revision() == this.stateRevision) {
						@SuppressWarnings("unchecked")
						S restored = (S) this.type.engine.messageTypes().parse(snapshot.stateType(), plaintext,
								framed.offset(), plaintext.length - framed.offset(), what);
						recovering = restored;
						seq = snapshot.sequenceNr();
					}
					else {
						S adapted = adaptSnapshot(snapshot, framed, plaintext);
						if (adapted != null) {
							recovering = adapted;
							seq = snapshot.sequenceNr();
						}
						else {
							discarded = sameType ? "state-revision" : "state-type";
							discardedWhy = what + " holds '" + snapshot.stateType() + "' revision " + framed.revision()
									+ ", the application reads '" + stateType + "' revision " + this.stateRevision
									+ " and no snapshot adapter reads it";
							logger.info("Ignoring {}; replaying events", discardedWhy);
						}
					}
				}
				if (discarded != null && !"erased".equals(discarded)) {
					this.type.metrics.snapshotDiscarded(discarded);
				}
			}
		}
		int page = this.settings.replayPageSize();
		long replayedFrom = seq;
		boolean fromSnapshot = seq > floor;
		for (;;) {
			List<PersistedEvent> batch = this.eventStore.replayForRecovery(this.persistenceId, seq + 1, Long.MAX_VALUE,
					page);
			for (PersistedEvent stored : batch) {
				boolean tombstone = stored.eventType().equals(StoredMessages.ENTITY_ERASED);
				if (stored.sequenceNr() != seq + 1 && !(tombstone && erasedUpTo(stored) >= seq)) {
					throw new RecoveryFailedException("history of '" + this.persistenceId + "' has a gap: expected event "
							+ (seq + 1) + " but found " + stored.sequenceNr()
							+ ((discardedWhy != null && seq == floor) ? " (events were deleted; " + discardedWhy
									+ ": register a SnapshotAdapter for it)"
									: (seq == 0) ? " (events were deleted and no usable snapshot covers them)" : ""));
				}
				seq = stored.sequenceNr();
				if (tombstone) {
					recovering = this.behavior.initialState(); // everything before it was erased
					continue;
				}
				String what = "event " + stored.sequenceNr() + " of '" + this.persistenceId + "'";
				byte[] plaintext = plaintext(stored.keyId(), PayloadCipher.EVENT, stored.sequenceNr(),
						stored.eventType(), stored.payload(), what);
				List<? extends Message> adapted = StoredMessages.adapt(this.schema, this.persistenceId,
						stored.sequenceNr(), stored.eventType(), plaintext, stored.metadata());
				if (adapted == null) {
					recovering = fold(this.type.engine.messageTypes().parse(stored.eventType(), plaintext, what),
							recovering, stored);
				}
				else {
					for (Message event : adapted) {
						recovering = fold(event, recovering, stored);
					}
				}
			}
			if (batch.size() < page) {
				break;
			}
		}
		this.state = recovering;
		this.sequenceNr = seq;
		if (observation != null
				&& observation.getContext() instanceof io.ego.core.observation.RecoveryContext context) {
			context.setFromSnapshot(fromSnapshot);
			context.setEventsReplayed(seq - replayedFrom);
			if (discarded != null) {
				context.setSnapshotDiscarded(discarded);
			}
		}
	}

	/** Turns a snapshot of another state type or revision into the current state with its adapter, if any. */
	private @Nullable S adaptSnapshot(SnapshotRecord snapshot, StoredMessages.Framed framed, byte[] plaintext) {
		if (this.schema.snapshotAdapterFor(snapshot.stateType(), framed.revision()) == null) {
			return null;
		}
		byte[] state = java.util.Arrays.copyOfRange(plaintext, framed.offset(), plaintext.length);
		Message adapted = this.schema.adapt(new io.ego.core.adapter.StoredSnapshot(this.persistenceId,
				snapshot.sequenceNr(), snapshot.stateType(), framed.revision(), state));
		if (adapted == null || adapted.getClass() != this.stateClass) {
			throw new RecoveryFailedException("snapshot adapter of '" + snapshot.stateType() + "' revision "
					+ framed.revision() + " returned " + ((adapted == null) ? "null" : "a " + typeName(adapted))
					+ " for snapshot " + snapshot.sequenceNr() + " of '" + this.persistenceId + "'; the state type is "
					+ typeName(this.state));
		}
		@SuppressWarnings("unchecked")
		S current = (S) adapted;
		return current;
	}

	/** The sequence number a tombstone's erasure reached (its events may be deleted: not a gap). */
	private long erasedUpTo(PersistedEvent tombstone) {
		io.ego.core.v1.EntityErased erased = (io.ego.core.v1.EntityErased) this.type.engine.messageTypes().parse(
				tombstone.eventType(), tombstone.payload(), "erasure tombstone of '" + this.persistenceId + "'");
		return (erased.getErasedToSequenceNr() + 1 == tombstone.sequenceNr()) ? erased.getErasedToSequenceNr() : -1;
	}

	private S fold(Message event, S recovering, PersistedEvent stored) {
		S next = this.behavior.handleEvent(event, recovering);
		if (next == null) {
			throw new RecoveryFailedException("behaviour of '" + this.type.name + "' returned a null state for event "
					+ stored.sequenceNr() + " of '" + this.persistenceId + "'");
		}
		return next;
	}

	/** Returns a stored payload's plaintext, decrypting it with the key it names. */
	private byte[] plaintext(@Nullable String keyId, byte kind, long number, String type, byte[] payload,
			String what) {
		if (keyId == null) {
			return payload;
		}
		DataKeys keys = this.dataKeys;
		if (keys == null) {
			throw new EncryptionException(what + " is encrypted (data key '" + keyId
					+ "') but encryption is not configured");
		}
		DataKey key = this.key;
		if (key == null || !key.keyId().equals(keyId)) {
			key = keys.get(keyId, this.persistenceId);
			if (key == null) {
				throw new EncryptionException("cannot decrypt " + what + ": its data key '" + keyId
						+ "' is not in the data key store, and the entity was not erased");
			}
		}
		return this.cipher.decrypt(key, kind, number, type, payload);
	}

	// ---- snapshots and retention, off the command path

	private void requestSnapshot(Snapshot<S> snapshot) {
		this.nextSnapshot.set(snapshot);
		if (this.snapshotting.compareAndSet(false, true)) {
			try {
				this.type.engine.executeBackground(this::writeSnapshots);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				this.snapshotting.set(false); // the engine stopped: the snapshot is taken after the next start
				this.nextSnapshot.set(null);
			}
		}
	}

	private void writeSnapshots() {
		for (;;) {
			Snapshot<S> snapshot = this.nextSnapshot.getAndSet(null);
			if (snapshot == null) {
				this.snapshotting.set(false);
				if (this.nextSnapshot.get() == null || !this.snapshotting.compareAndSet(false, true)) {
					return;
				}
				continue;
			}
			try {
				if (writeSnapshot(snapshot)) {
					applyRetention(snapshot.sequenceNr);
				}
			}
			catch (Throwable ex) {
				logger.warn("Snapshot {} of '{}' not written", snapshot.sequenceNr, this.persistenceId, ex);
			}
		}
	}

	private boolean writeSnapshot(Snapshot<S> snapshot) {
		SnapshotStore store = this.snapshotStore;
		if (store == null) {
			return false;
		}
		String stateType = snapshot.state.getDescriptorForType().getFullName();
		byte[] payload = StoredMessages.frame(this.stateRevision, snapshot.state.toByteArray());
		String keyId = null;
		if (this.dataKeys != null) {
			DataKey key = snapshot.key;
			if (key == null) {
				logger.warn("Snapshot {} of '{}' not written: the entity has no data key", snapshot.sequenceNr,
						this.persistenceId);
				return false;
			}
			payload = new PayloadCipher(this.dataKeys.random).encrypt(key, PayloadCipher.SNAPSHOT, snapshot.sequenceNr,
					stateType, payload);
			keyId = key.keyId();
		}
		SnapshotRecord record = new SnapshotRecord(this.persistenceId, this.type.name, snapshot.sequenceNr, stateType,
				payload, this.type.engine.clock().instant(), keyId);
		for (int attempt = 1;; attempt++) {
			io.micrometer.observation.Observation observation = this.type.engine.telemetry().snapshot(this.type.name,
					this.persistenceId, snapshot.sequenceNr);
			try {
				store.save(record);
				Telemetry.stop(observation, "success", null);
				return true;
			}
			catch (Throwable ex) {
				Telemetry.stop(observation, "failure", ex);
				if (attempt == 3) {
					logger.warn("Snapshot {} of '{}' not written after {} attempts: {}", snapshot.sequenceNr,
							this.persistenceId, attempt, ex.getMessage());
					return false;
				}
				sleepQuietly(100L << attempt);
			}
		}
	}

	private void applyRetention(long snapshotSeq) {
		RetentionPolicy retention = this.settings.retention();
		io.micrometer.observation.Observation observation = this.type.engine.telemetry().retention(this.type.name,
				this.persistenceId, snapshotSeq);
		try {
			if (retention.deleteEventsOnSnapshot()) {
				long toSeq = Math.min(snapshotSeq - retention.eventsRetentionCount(), snapshotSeq - 1);
				if (toSeq >= 1) {
					this.eventStore.deleteEvents(this.persistenceId, toSeq,
							this.type.engine.consumerProgress().lowestHandledPosition(this.slice));
				}
			}
			if (retention.deleteSnapshotsOnSnapshot() && this.snapshotStore != null && snapshotSeq > 1) {
				this.snapshotStore.deleteUpTo(this.persistenceId, snapshotSeq - 1);
			}
			Telemetry.stop(observation, "success", null);
		}
		catch (Throwable ex) {
			Telemetry.stop(observation, "failure", ex);
			logger.warn("Retention after snapshot {} of '{}' failed (retried after the next snapshot): {}",
					snapshotSeq, this.persistenceId, ex.getMessage());
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private enum Mode {

		SINGLE, ADAPTIVE, WINDOW

	}

	private record Snapshot<S>(S state, long sequenceNr, @Nullable DataKey key) {
	}

	// ---- passivation and erasure

	@Override
	boolean canPassivate() {
		return !this.snapshotting.get();
	}

	@Override
	boolean quiesceForErasure(long deadlineNanos) {
		this.nextSnapshot.set(null);
		while (this.snapshotting.get()) {
			if (System.nanoTime() - deadlineNanos > 0) {
				return false;
			}
			java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
		}
		return true;
	}

}
