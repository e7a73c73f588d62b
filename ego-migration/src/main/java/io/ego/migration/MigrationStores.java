package io.ego.migration;

import java.util.Objects;

import io.ego.core.store.DataKeyStore;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySagaIndexStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import org.jspecify.annotations.Nullable;

/**
 * The stores of one eGo deployment, the source or the target of a migration. The data
 * key, erasure, timer and saga index stores are optional: a deployment without
 * encryption, erasure or sagas has none.
 *
 * @param events the journal
 * @param snapshots the snapshots
 * @param durableStates the durable states (a
 * {@link io.ego.core.store.DurableStateChanges} too, to be listed)
 * @param offsets the consumers' offsets
 * @param deadLetters the dead letters
 * @param dataKeys the data keys, or {@code null}
 * @param erasures the erasure markers, or {@code null}
 * @param timers the sagas' durable timers, or {@code null}
 * @param sagaIndex the sagas' status index, or {@code null}
 * @author eGo team
 * @since 0.2.0
 */
public record MigrationStores(EventStore events, SnapshotStore snapshots, DurableStateStore durableStates,
		OffsetStore offsets, DeadLetterStore deadLetters, @Nullable DataKeyStore dataKeys,
		@Nullable ErasureStore erasures, @Nullable TimerStore timers, @Nullable SagaIndexStore sagaIndex) {

	public MigrationStores {
		Objects.requireNonNull(events, "events");
		Objects.requireNonNull(snapshots, "snapshots");
		Objects.requireNonNull(durableStates, "durableStates");
		Objects.requireNonNull(offsets, "offsets");
		Objects.requireNonNull(deadLetters, "deadLetters");
	}

	/**
	 * The stores of a deployment without sagas (no timer or saga index store).
	 * @param events the journal
	 * @param snapshots the snapshots
	 * @param durableStates the durable states
	 * @param offsets the consumers' offsets
	 * @param deadLetters the dead letters
	 * @param dataKeys the data keys, or {@code null}
	 * @param erasures the erasure markers, or {@code null}
	 */
	public MigrationStores(EventStore events, SnapshotStore snapshots, DurableStateStore durableStates,
			OffsetStore offsets, DeadLetterStore deadLetters, @Nullable DataKeyStore dataKeys,
			@Nullable ErasureStore erasures) {
		this(events, snapshots, durableStates, offsets, deadLetters, dataKeys, erasures, null, null);
	}

	/**
	 * @return a fresh set of in-memory stores
	 */
	public static MigrationStores inMemory() {
		return new MigrationStores(new InMemoryEventStore(), new InMemorySnapshotStore(),
				new InMemoryDurableStateStore(), new InMemoryOffsetStore(), new InMemoryDeadLetterStore(),
				new InMemoryDataKeyStore(), new InMemoryErasureStore(), new InMemoryTimerStore(),
				new InMemorySagaIndexStore());
	}

}
