package io.ego.core.internal.consumer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.publisher.StatePublisher;
import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateChanges;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.JournalQuery;
import io.ego.core.store.PersistedEvent;

/**
 * The durable-state change feed read as a journal, so that a {@link StatePublisher} runs
 * on the consumers' worker loop (workers by slice range, offsets, retries, dead letters):
 * a state is a row whose sequence number is its revision, whose event type is its state
 * type and whose position is its change-feed position.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class StateFeed implements JournalQuery {

	private final DurableStateChanges changes;

	StateFeed(DurableStateChanges changes) {
		this.changes = changes;
	}

	@Override
	public List<PersistedEvent> eventsAfter(long afterPosition, int minSlice, int maxSlice, int limit) {
		List<DurableStateChange> page = this.changes.changesAfter(afterPosition, minSlice, maxSlice, limit);
		List<PersistedEvent> rows = new ArrayList<>(page.size());
		for (DurableStateChange change : page) {
			DurableStateRecord state = change.state();
			rows.add(new PersistedEvent(state.persistenceId(), state.entityType(), state.revision(), change.position(),
					state.slice(), state.stateType(), state.payload(), state.writeTime(), Map.of(), state.keyId()));
		}
		return rows;
	}

	@Override
	public long headPosition() {
		return this.changes.changesHeadPosition();
	}

	/**
	 * The feed's positions do not follow write times: a state moves to the position of
	 * its latest write.
	 */
	@Override
	public long positionBefore(Instant time) {
		throw new UnsupportedOperationException("the durable-state change feed cannot be rebuilt from a time: "
				+ "states are kept at the position of their latest write; rebuild from a position (0 for all)");
	}

	/**
	 * Adapts a state publisher to the event publisher the publisher delivery drives.
	 * @param publisher the state publisher
	 * @return an event publisher receiving the states as envelopes
	 */
	static EventPublisher publisher(StatePublisher publisher) {
		return new EventPublisher() {

			@Override
			public void publish(List<EventEnvelope> events) throws Exception {
				List<DurableStateEnvelope> states = new ArrayList<>(events.size());
				for (EventEnvelope event : events) {
					states.add(new DurableStateEnvelope(event.persistenceId(), event.entityType(), event.entityId(),
							event.sequenceNr(), event.position(), event.slice(), event.event(), event.writeTime()));
				}
				publisher.publish(states);
			}

			@Override
			public boolean isPoison(Exception failure) {
				return publisher.isPoison(failure);
			}

			@Override
			public List<? extends Message> messageTypes() {
				return publisher.messageTypes();
			}

		};
	}

}
