package io.ego.core;

import com.google.protobuf.Message;

/**
 * The behaviour of a durable-state entity: a command turns the current state into a new
 * state, which replaces the stored one with the next revision.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public non-sealed interface DurableStateBehavior<S extends Message> extends EntityBehavior<S> {

	/**
	 * Decides what a command does.
	 * @param command the command
	 * @param state the current (stored) state
	 * @param revision the current revision, {@code 0} before the first write
	 * @return the new state, of the same type as the initial state; the same (or an
	 * equal) state for a command that changes nothing, which writes nothing
	 * @throws CommandRejectedException to reject the command with a reason (any other
	 * exception also rejects only this command)
	 */
	S handleCommand(Message command, S state, long revision);

}
