package io.ego.core.internal.entity;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.ErasureMode;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.RecoveryFailedException;
import io.ego.core.adapter.StoredSnapshot;
import io.ego.core.internal.codec.CommandIds;
import io.ego.core.internal.codec.EntityCodec;
import io.ego.core.internal.codec.StoredMessages;
import io.ego.core.internal.crypto.PayloadCipher;
import io.ego.core.internal.telemetry.EngineMetrics;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.observation.RecoveryContext;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.StoreException;
import io.ego.core.v1.EntityErased;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds an event-sourced entity's state from the store: its erasure marker, its latest
 * usable snapshot (adapted when it holds an older state revision), then its events after
 * it, page by page, checking that the history has no gap.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class EventSourcedRecovery<S extends Message> {

	private static final Logger logger = LoggerFactory.getLogger(EventSourcedRecovery.class);

	private final String typeName;

	private final String persistenceId;

	private final EventSourcedBehavior<S> behavior;

	private final EventStore eventStore;

	private final @Nullable SnapshotStore snapshotStore;

	private final @Nullable ErasureStore erasureStore;

	private final ErasureMode erasureMode;

	private final EntityCodec codec;

	private final EngineMetrics.EntityMetrics metrics;

	private final int pageSize;

	private final CommandIds commandIds;

	private final Clock clock;

	private final Telemetry telemetry;

	private final RecoveryBackoff backoff;

	EventSourcedRecovery(EntityType<S> type, String persistenceId, EventStore eventStore, EntityCodec codec,
			CommandIds commandIds, RecoveryBackoff backoff) {
		this.commandIds = commandIds;
		this.clock = type.engine.clock();
		this.backoff = backoff;
		this.telemetry = type.engine.telemetry();
		this.typeName = type.name;
		this.persistenceId = persistenceId;
		this.behavior = (EventSourcedBehavior<S>) type.behavior;
		this.eventStore = eventStore;
		this.snapshotStore = type.engine.snapshotStore();
		this.erasureStore = type.engine.erasureStore();
		this.erasureMode = type.engine.erasureMode();
		this.codec = codec;
		this.metrics = type.metrics;
		this.pageSize = type.settings.replayPageSize();
	}

	/**
	 * The recovered entity.
	 *
	 * @param state its state
	 * @param sequenceNr the sequence number of its last event
	 * @param erased its erasure, when it was erased and its commands are rejected
	 * @param <S> the state type
	 */
	record Recovered<S>(S state, long sequenceNr, @Nullable ErasureMarker erased) {
	}

	/**
	 * Recovers the entity, observed: reads it again after a store failure, up to
	 * {@link RecoveryBackoff#READ_ATTEMPTS} times (reads are safe to repeat: a connection
	 * the pool handed out stale after an outage fails once); a failure goes to the
	 * back-off, which fails the queued commands.
	 * @return the entity, or {@code null} when recovery failed
	 */
	@Nullable Recovered<S> recoverObserved() {
		Observation observation = this.telemetry.recovery(this.typeName, this.persistenceId);
		try {
			for (int attempt = 1;; attempt++) {
				try {
					Recovered<S> recovered = recover(observation);
					this.backoff.succeeded();
					Telemetry.stop(observation, "success", null);
					return recovered;
				}
				catch (StoreException ex) {
					if (attempt == RecoveryBackoff.READ_ATTEMPTS) {
						throw ex;
					}
					logger.debug("Recovery of '{}' failed (attempt {}), reading again: {}", this.persistenceId, attempt,
							ex.getMessage());
				}
			}
		}
		catch (Throwable ex) {
			Telemetry.stop(observation, "failure", ex);
			this.backoff.failed(ex);
			return null;
		}
	}

	/**
	 * Reads the entity; loads its data key into the codec.
	 * @param observation the recovery's observation, if any, told what was replayed
	 * @return the entity
	 * @throws RecoveryFailedException when its history has a gap or an adapter breaks its
	 * contract
	 */
	Recovered<S> recover(@Nullable Observation observation) {
		S recovering = this.behavior.initialState();
		long floor = 0;
		ErasureMarker marker = (this.erasureStore != null) ? this.erasureStore.get(this.persistenceId) : null;
		this.codec.forgetKey();
		this.commandIds.clear();
		if (marker != null) {
			if (this.erasureMode == ErasureMode.REJECT) {
				return new Recovered<>(recovering, marker.erasedToSequenceNr(), marker);
			}
			// FRESH_HISTORY: what came before is gone
			floor = marker.erasedToSequenceNr();
		}
		this.codec.loadKey();
		long seq = floor;
		String discarded = null;
		String discardedWhy = null;
		SnapshotRecord snapshot = (this.snapshotStore != null) ? this.snapshotStore.latest(this.persistenceId) : null;
		if (snapshot != null) {
			String stateType = BehaviorInvoker.typeName(recovering);
			if (snapshot.sequenceNr() <= floor) {
				discarded = "erased";
			}
			else {
				String what = "snapshot " + snapshot.sequenceNr() + " of '" + this.persistenceId + "'";
				byte[] plaintext = this.codec.plaintext(snapshot.keyId(), PayloadCipher.SNAPSHOT, snapshot.sequenceNr(),
						snapshot.stateType(), snapshot.payload(), what);
				StoredMessages.Framed framed = StoredMessages.unframe(plaintext, what);
				boolean sameType = snapshot.stateType().equals(stateType);
				S restored = (sameType && framed.revision() == this.codec.stateRevision())
						? parseState(snapshot, plaintext, framed, what)
						: adaptSnapshot(snapshot, framed, plaintext, recovering);
				if (restored != null) {
					recovering = restored;
					seq = snapshot.sequenceNr();
					this.commandIds.restore(framed.commandIds());
				}
				else {
					discarded = sameType ? "state-revision" : "state-type";
					discardedWhy = what + " holds '" + snapshot.stateType() + "' revision " + framed.revision()
							+ ", the application reads '" + stateType + "' revision " + this.codec.stateRevision()
							+ " and no snapshot adapter reads it";
					logger.info("Ignoring {}; replaying events", discardedWhy);
				}
			}
			if (discarded != null && !"erased".equals(discarded)) {
				this.metrics.snapshotDiscarded(discarded);
			}
		}
		long replayedFrom = seq;
		boolean fromSnapshot = seq > floor;
		// a store may leave the write time out of recovery reads: the command ids are
		// then
		// remembered from now, never forgotten early
		Instant recoveredAt = this.clock.instant();
		for (;;) {
			List<PersistedEvent> batch = this.eventStore.replayForRecovery(this.persistenceId, seq + 1, Long.MAX_VALUE,
					this.pageSize);
			for (PersistedEvent stored : batch) {
				boolean tombstone = stored.eventType().equals(StoredMessages.ENTITY_ERASED);
				if (stored.sequenceNr() != seq + 1 && !(tombstone && erasedUpTo(stored) >= seq)) {
					throw new RecoveryFailedException("history of '" + this.persistenceId
							+ "' has a gap: expected event " + (seq + 1) + " but found " + stored.sequenceNr()
							+ ((discardedWhy != null && seq == floor)
									? " (events were deleted; " + discardedWhy + ": register a SnapshotAdapter for it)"
									: (seq == 0) ? " (events were deleted and no usable snapshot covers them)" : ""));
				}
				seq = stored.sequenceNr();
				String commandId = stored.metadata().get(CommandIds.METADATA_KEY);
				if (commandId != null) {
					Instant written = stored.writeTime().equals(Instant.EPOCH) ? recoveredAt : stored.writeTime();
					this.commandIds.written(commandId, seq, written);
				}
				// everything before it was erased
				recovering = tombstone ? this.behavior.initialState() : replay(stored, recovering);
			}
			if (batch.size() < this.pageSize) {
				break;
			}
		}
		if (observation != null && observation.getContext() instanceof RecoveryContext context) {
			context.setFromSnapshot(fromSnapshot);
			context.setEventsReplayed(seq - replayedFrom);
			if (discarded != null) {
				context.setSnapshotDiscarded(discarded);
			}
		}
		return new Recovered<>(recovering, seq, null);
	}

	private S replay(PersistedEvent stored, S recovering) {
		String what = "event " + stored.sequenceNr() + " of '" + this.persistenceId + "'";
		byte[] plaintext = this.codec.plaintext(stored.keyId(), PayloadCipher.EVENT, stored.sequenceNr(),
				stored.eventType(), stored.payload(), what);
		List<? extends Message> adapted = StoredMessages.adapt(this.codec.schema(), this.persistenceId,
				stored.sequenceNr(), stored.eventType(), plaintext, stored.metadata());
		if (adapted == null) {
			return fold(this.codec.messageTypes().parse(stored.eventType(), plaintext, what), recovering, stored);
		}
		S state = recovering;
		for (Message event : adapted) {
			state = fold(event, state, stored);
		}
		return state;
	}

	@SuppressWarnings("unchecked")
	private S parseState(SnapshotRecord snapshot, byte[] plaintext, StoredMessages.Framed framed, String what) {
		return (S) this.codec.messageTypes()
			.parse(snapshot.stateType(), plaintext, framed.offset(), plaintext.length - framed.offset(), what);
	}

	/**
	 * Turns a snapshot of another state type or revision into the current state with its
	 * adapter, if any.
	 */
	private @Nullable S adaptSnapshot(SnapshotRecord snapshot, StoredMessages.Framed framed, byte[] plaintext,
			S initial) {
		if (this.codec.schema().snapshotAdapterFor(snapshot.stateType(), framed.revision()) == null) {
			return null;
		}
		byte[] state = Arrays.copyOfRange(plaintext, framed.offset(), plaintext.length);
		Message adapted = this.codec.schema()
			.adapt(new StoredSnapshot(this.persistenceId, snapshot.sequenceNr(), snapshot.stateType(),
					framed.revision(), state));
		if (adapted == null || adapted.getClass() != initial.getClass()) {
			throw new RecoveryFailedException(
					"snapshot adapter of '" + snapshot.stateType() + "' revision " + framed.revision() + " returned "
							+ ((adapted == null) ? "null" : "a " + BehaviorInvoker.typeName(adapted)) + " for snapshot "
							+ snapshot.sequenceNr() + " of '" + this.persistenceId + "'; the state type is "
							+ BehaviorInvoker.typeName(initial));
		}
		@SuppressWarnings("unchecked")
		S current = (S) adapted;
		return current;
	}

	/**
	 * The sequence number a tombstone's erasure reached (its events may be deleted: not a
	 * gap).
	 */
	private long erasedUpTo(PersistedEvent tombstone) {
		EntityErased erased = (EntityErased) this.codec.messageTypes()
			.parse(tombstone.eventType(), tombstone.payload(), "erasure tombstone of '" + this.persistenceId + "'");
		return (erased.getErasedToSequenceNr() + 1 == tombstone.sequenceNr()) ? erased.getErasedToSequenceNr() : -1;
	}

	private S fold(Message event, S recovering, PersistedEvent stored) {
		S next = this.behavior.handleEvent(event, recovering);
		if (next == null) {
			throw new RecoveryFailedException("behaviour of '" + this.typeName + "' returned a null state for event "
					+ stored.sequenceNr() + " of '" + this.persistenceId + "'");
		}
		return next;
	}

}
