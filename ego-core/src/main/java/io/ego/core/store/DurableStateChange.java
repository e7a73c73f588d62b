package io.ego.core.store;

import java.util.Objects;

/**
 * A durable state as read from the change feed
 * ({@link DurableStateChanges#changesAfter}): the state with the global position its
 * latest write was given.
 *
 * @param position the position of the state's latest write in the change feed, positive
 * @param state the state
 * @author eGo team
 * @since 0.1.0
 */
public record DurableStateChange(long position, DurableStateRecord state) {

	public DurableStateChange {
		Objects.requireNonNull(state, "state");
		if (position < 1) {
			throw new IllegalArgumentException("position must be >= 1 but was " + position);
		}
	}

}
