package io.ego.connector.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.DurableStateEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * Turns the batch the engine hands a publisher into what the connector sends: skips the
 * entity types the publisher does not publish and numbers the parts of a split event.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class PublishedBatches {

	private PublishedBatches() {
	}

	/**
	 * Maps the events of the given entity types, each with its part: an event adapter may
	 * split one stored event into several, which arrive together with the same
	 * persistence id and sequence number and are numbered 0, 1, ...; an event not split
	 * is part 0. Parts are counted over all events, the skipped ones included.
	 * @param <T> what the connector sends
	 * @param events the events, in journal order
	 * @param entityTypes the entity types to publish; empty for all
	 * @param message makes what is sent of an event and its part
	 * @return what to send, in journal order
	 */
	public static <T> List<T> events(List<EventEnvelope> events, Set<String> entityTypes, PartMapper<T> message) {
		List<T> messages = new ArrayList<>(events.size());
		@Nullable EventEnvelope previous = null;
		int part = 0;
		for (EventEnvelope event : events) {
			boolean sameStored = previous != null && previous.sequenceNr() == event.sequenceNr()
					&& previous.persistenceId().equals(event.persistenceId());
			part = sameStored ? part + 1 : 0;
			previous = event;
			if (entityTypes.isEmpty() || entityTypes.contains(event.entityType())) {
				messages.add(message.map(event, part));
			}
		}
		return messages;
	}

	/**
	 * Maps the states of the given entity types.
	 * @param <T> what the connector sends
	 * @param states the states, in change-feed order
	 * @param entityTypes the entity types to publish; empty for all
	 * @param message makes what is sent of a state
	 * @return what to send, in change-feed order
	 */
	public static <T> List<T> states(List<DurableStateEnvelope> states, Set<String> entityTypes,
			Function<DurableStateEnvelope, T> message) {
		List<T> messages = new ArrayList<>(states.size());
		for (DurableStateEnvelope state : states) {
			if (entityTypes.isEmpty() || entityTypes.contains(state.entityType())) {
				messages.add(message.apply(state));
			}
		}
		return messages;
	}

	/**
	 * Makes what is sent of one event.
	 *
	 * @param <T> what the connector sends
	 */
	@FunctionalInterface
	public interface PartMapper<T> {

		/**
		 * @param event the event
		 * @param part its index among the events an adapter made of one stored event, 0
		 * when not split
		 * @return what to send
		 */
		T map(EventEnvelope event, int part);

	}

}
