package io.ego.core;

import java.util.List;

import com.google.protobuf.Message;

/**
 * What every entity behaviour has: an initial state. Implement
 * {@link EventSourcedBehavior} or {@link DurableStateBehavior}.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public sealed interface EntityBehavior<S extends Message> permits EventSourcedBehavior, DurableStateBehavior {

	/**
	 * Returns the state of an entity that has no history yet.
	 * @return the initial state, never {@code null}
	 */
	S initialState();

	/**
	 * Returns the message types (by their default instance) this behaviour persists
	 * besides those declared in the same {@code .proto} file as the state, which are
	 * always known. The engine reads stored messages back by their protobuf full name
	 * with these types.
	 * @return extra message types, empty by default
	 */
	default List<? extends Message> messageTypes() {
		return List.of();
	}

}
