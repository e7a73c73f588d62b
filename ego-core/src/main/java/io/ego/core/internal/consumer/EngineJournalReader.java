package io.ego.core.internal.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.internal.runtime.JournalSignal;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.JournalReader;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;

/**
 * The engine's {@link JournalReader}: the event store's gap-free read by position, turned
 * into envelopes by an {@link EventReader}, woken by the engine's journal signal.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EngineJournalReader implements JournalReader {

	private final EventStore store;

	private final JournalSignal signal;

	private final EventReader reader;

	/**
	 * Creates a reader.
	 * @param runtime the engine runtime
	 * @throws IllegalStateException when the engine has no event store
	 */
	public EngineJournalReader(EngineRuntime runtime) {
		EventStore store = runtime.eventStore();
		if (store == null) {
			throw new IllegalStateException("the engine has no event store: there is no journal to read");
		}
		this.store = store;
		this.signal = runtime.journalSignal();
		this.reader = new EventReader(runtime);
	}

	@Override
	public Page eventsAfter(long afterPosition, int limit) {
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive: " + limit);
		}
		List<PersistedEvent> rows = this.store.eventsAfter(afterPosition, 0, PersistedEvent.SLICE_COUNT - 1, limit);
		List<EventEnvelope> envelopes = new ArrayList<>(rows.size());
		long position = afterPosition;
		for (PersistedEvent row : rows) {
			envelopes.addAll(this.reader.envelopes(row));
			position = row.position();
		}
		return new Page(envelopes, position);
	}

	@Override
	public long headPosition() {
		return this.store.headPosition();
	}

	@Override
	public void awaitEventsAfter(long afterPosition, Duration timeout) {
		// armed before the head is read, so that an append after the read wakes the wait
		this.signal.arm();
		if (this.store.headPosition() > afterPosition) {
			return;
		}
		this.signal.await(timeout.toNanos());
	}

}
