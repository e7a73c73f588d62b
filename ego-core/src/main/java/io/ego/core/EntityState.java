package io.ego.core;

import java.util.Objects;

import com.google.protobuf.Message;

/**
 * An entity's current state and revision, as {@link EntityRef#state()} reads it.
 *
 * @param state the state
 * @param revision the sequence number of the entity's last event (event-sourced) or the
 * state's revision (durable state); positive, since an entity without history is not
 * found
 * @param <S> the state type
 * @author eGo team
 * @since 0.1.0
 */
public record EntityState<S extends Message>(S state, long revision) {

	public EntityState {
		Objects.requireNonNull(state, "state");
	}

}
