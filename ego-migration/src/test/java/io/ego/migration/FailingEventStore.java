package io.ego.migration;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;

/** A target journal that dies after a number of appends, as a killed copy would. */
final class FailingEventStore extends ForwardingEventStore {

	private final AtomicInteger appendsLeft;

	FailingEventStore(EventStore delegate, int appends) {
		super(delegate);
		this.appendsLeft = new AtomicInteger(appends);
	}

	@Override
	public void append(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events) {
		if (this.appendsLeft.getAndDecrement() <= 0) {
			throw new StoreException("copy killed: the target went away");
		}
		super.append(persistenceId, expectedSequenceNr, events);
	}

	@Override
	public List<String> persistenceIds(String afterPersistenceId, int limit) {
		return delegate().persistenceIds(afterPersistenceId, limit);
	}

	@Override
	public void raiseHighestSequenceNr(String persistenceId, long sequenceNr) {
		delegate().raiseHighestSequenceNr(persistenceId, sequenceNr);
	}

}
