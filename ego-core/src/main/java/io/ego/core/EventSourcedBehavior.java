package io.ego.core;

import java.util.List;

import com.google.protobuf.Message;

/**
 * The behaviour of an event-sourced entity: commands are validated into events, events
 * are folded into state. Both methods must be pure: the engine calls them against pending
 * state while earlier events are still being written, and replays events on recovery.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public non-sealed interface EventSourcedBehavior<S extends Message> extends EntityBehavior<S> {

	/**
	 * Decides what a command does.
	 * @param command the command
	 * @param state the current state (including events of earlier commands not yet
	 * durable)
	 * @return the events to persist, in order; empty when the command changes nothing
	 * @throws CommandRejectedException to reject the command with a reason (any other
	 * exception also rejects only this command)
	 */
	List<? extends Message> handleCommand(Message command, S state);

	/**
	 * Folds an event into the state.
	 * @param event the event
	 * @param state the state before the event
	 * @return the state after the event, never {@code null}
	 */
	S handleEvent(Message event, S state);

}
