package io.ego.core.internal.entity;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.google.protobuf.Message;
import io.ego.core.internal.codec.CommandIds;
import io.ego.core.internal.codec.EntityCodec;
import io.ego.core.internal.crypto.DataKey;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.store.EventStore;
import io.ego.core.store.SnapshotRecord;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.StoreException;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an entity's snapshots off the command path, one at a time and only the latest
 * requested (a snapshot requested while one is written replaces any still waiting), then
 * applies retention after each.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
final class SnapshotWriter<S extends Message> {

	private static final Logger logger = LoggerFactory.getLogger(SnapshotWriter.class);

	private static final int ATTEMPTS = 3;

	private final String typeName;

	private final String persistenceId;

	private final SnapshotStore store;

	private final EntityCodec codec;

	private final RetentionRunner retention;

	private final EngineRuntime engine;

	private final AtomicReference<@Nullable Snapshot<S>> next = new AtomicReference<>();

	private final AtomicBoolean writing = new AtomicBoolean();

	/**
	 * Creates the snapshot writer of an entity, with its retention.
	 * @param type the entity's type
	 * @param persistenceId the entity
	 * @param slice its slice
	 * @param eventStore the journal (retention deletes from it)
	 * @param codec the entity's codec
	 * @param <S> the state type
	 * @return the writer, or {@code null} when the engine has no snapshot store
	 */
	static <S extends Message> @Nullable SnapshotWriter<S> of(EntityType<S> type, String persistenceId, int slice,
			EventStore eventStore, EntityCodec codec) {
		SnapshotStore snapshotStore = type.engine.snapshotStore();
		return (snapshotStore == null) ? null
				: new SnapshotWriter<>(type.name, persistenceId, snapshotStore, codec, new RetentionRunner(type.name,
						persistenceId, slice, type.settings.retention(), eventStore, snapshotStore, type.engine),
						type.engine);
	}

	SnapshotWriter(String typeName, String persistenceId, SnapshotStore store, EntityCodec codec,
			RetentionRunner retention, EngineRuntime engine) {
		this.typeName = typeName;
		this.persistenceId = persistenceId;
		this.store = store;
		this.codec = codec;
		this.retention = retention;
		this.engine = engine;
	}

	/**
	 * Requests a snapshot; returns at once.
	 * @param state the state
	 * @param sequenceNr the sequence number it reflects
	 * @param key the entity's data key at that point, if any
	 * @param commandIds the entity's written command ids at that point, oldest first
	 * @param written completed once this snapshot, or a later one that replaced it while
	 * it waited, is written (and retention ran after it); exceptionally when it is not
	 * written; {@code null} when nobody waits
	 */
	void request(S state, long sequenceNr, @Nullable DataKey key, List<CommandIds.Written> commandIds,
			@Nullable CompletableFuture<Void> written) {
		Snapshot<S> snapshot = new Snapshot<>(state, sequenceNr, key, commandIds, new CompletableFuture<>());
		if (written != null) {
			propagate(snapshot.done, written);
		}
		Snapshot<S> replaced = this.next.getAndSet(snapshot);
		if (replaced != null) {
			// never written now: the later snapshot stands for it
			propagate(snapshot.done, replaced.done);
		}
		if (this.writing.compareAndSet(false, true)) {
			try {
				this.engine.executeBackground(this::writeAll);
			}
			catch (RejectedExecutionException ex) {
				// the engine stopped: the snapshot is taken after the next start
				this.writing.set(false);
				Snapshot<S> dropped = this.next.getAndSet(null);
				if (dropped != null) {
					dropped.done.completeExceptionally(new StoreException("snapshot " + dropped.sequenceNr + " of '"
							+ this.persistenceId + "' not written: the engine stopped", ex));
				}
			}
		}
	}

	private static void propagate(CompletableFuture<Void> from, CompletableFuture<Void> to) {
		from.whenComplete((ignored, failure) -> {
			if (failure == null) {
				to.complete(null);
			}
			else {
				to.completeExceptionally(failure);
			}
		});
	}

	/**
	 * @return whether a snapshot is being written
	 */
	boolean isWriting() {
		return this.writing.get();
	}

	/**
	 * Drops the snapshot waiting, if any, and waits for the one being written.
	 * @param deadlineNanos when to give up
	 * @return whether none is written any more
	 */
	boolean quiesce(long deadlineNanos) {
		Snapshot<S> dropped = this.next.getAndSet(null);
		if (dropped != null) {
			dropped.done.completeExceptionally(new StoreException("snapshot " + dropped.sequenceNr + " of '"
					+ this.persistenceId + "' not written: the entity stopped before it"));
		}
		while (this.writing.get()) {
			if (System.nanoTime() - deadlineNanos > 0) {
				return false;
			}
			LockSupport.parkNanos(1_000_000);
		}
		return true;
	}

	private void writeAll() {
		for (;;) {
			Snapshot<S> snapshot = this.next.getAndSet(null);
			if (snapshot == null) {
				this.writing.set(false);
				if (this.next.get() == null || !this.writing.compareAndSet(false, true)) {
					return;
				}
				continue;
			}
			boolean written = false;
			try {
				written = write(snapshot);
				if (written) {
					this.retention.afterSnapshot(snapshot.sequenceNr);
				}
			}
			catch (Throwable ex) {
				logger.warn("Snapshot {} of '{}' not written", snapshot.sequenceNr, this.persistenceId, ex);
			}
			finally {
				if (written) {
					snapshot.done.complete(null);
				}
				else {
					snapshot.done.completeExceptionally(new StoreException(
							"snapshot " + snapshot.sequenceNr + " of '" + this.persistenceId + "' not written"));
				}
			}
		}
	}

	private boolean write(Snapshot<S> snapshot) {
		SnapshotRecord record = this.codec.snapshot(snapshot.state, snapshot.sequenceNr, snapshot.key,
				this.engine.clock().instant(), snapshot.commandIds);
		if (record == null) {
			logger.warn("Snapshot {} of '{}' not written: the entity has no data key", snapshot.sequenceNr,
					this.persistenceId);
			return false;
		}
		for (int attempt = 1;; attempt++) {
			Observation observation = this.engine.telemetry()
				.snapshot(this.typeName, this.persistenceId, snapshot.sequenceNr);
			try {
				this.store.save(record);
				Telemetry.stop(observation, "success", null);
				return true;
			}
			catch (Throwable ex) {
				Telemetry.stop(observation, "failure", ex);
				if (attempt == ATTEMPTS) {
					logger.warn("Snapshot {} of '{}' not written after {} attempts: {}", snapshot.sequenceNr,
							this.persistenceId, attempt, ex.getMessage());
					return false;
				}
				sleepQuietly(100L << attempt);
			}
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

	private record Snapshot<S>(S state, long sequenceNr, @Nullable DataKey key, List<CommandIds.Written> commandIds,
			CompletableFuture<Void> done) {
	}

}
