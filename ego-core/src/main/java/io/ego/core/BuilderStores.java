package io.ego.core;

import java.util.function.Supplier;

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
 * The stores an {@link EgoEngineBuilder} is given, each {@code null} until it is, and the
 * in-memory defaults of {@link EgoEngineBuilder#inMemoryStores()}.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class BuilderStores {

	@Nullable EventStore eventStore;

	@Nullable SnapshotStore snapshotStore;

	@Nullable DurableStateStore durableStateStore;

	@Nullable OffsetStore offsetStore;

	@Nullable DeadLetterStore deadLetterStore;

	@Nullable DataKeyStore dataKeyStore;

	@Nullable ErasureStore erasureStore;

	@Nullable TimerStore timerStore;

	@Nullable SagaIndexStore sagaIndexStore;

	/**
	 * Sets an in-memory store wherever no store is set.
	 */
	void inMemoryDefaults() {
		this.eventStore = orElse(this.eventStore, InMemoryEventStore::new);
		this.snapshotStore = orElse(this.snapshotStore, InMemorySnapshotStore::new);
		this.durableStateStore = orElse(this.durableStateStore, InMemoryDurableStateStore::new);
		this.offsetStore = orElse(this.offsetStore, InMemoryOffsetStore::new);
		this.deadLetterStore = orElse(this.deadLetterStore, InMemoryDeadLetterStore::new);
		this.dataKeyStore = orElse(this.dataKeyStore, InMemoryDataKeyStore::new);
		this.erasureStore = orElse(this.erasureStore, InMemoryErasureStore::new);
		this.timerStore = orElse(this.timerStore, InMemoryTimerStore::new);
		this.sagaIndexStore = orElse(this.sagaIndexStore, InMemorySagaIndexStore::new);
	}

	private static <T> T orElse(@Nullable T store, Supplier<T> inMemory) {
		return (store != null) ? store : inMemory.get();
	}

}
