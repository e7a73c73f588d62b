package io.ego.core;

import java.util.List;

import com.google.protobuf.Message;

/**
 * The behaviour of an event-sourced entity: commands are validated into events, events
 * are folded into state. Both methods must be pure: the engine calls them against pending
 * state while earlier events are still being written, and replays events on recovery.
 * <p>
 * Implement one of the two {@code handleCommand} methods: the engine calls the one with a
 * {@link CommandContext} (the entity id, its sequence number, the command's id and
 * metadata), which by default calls the one without. Registering a behaviour that
 * implements neither fails at start-up. {@link EventSourcedHandlers} is the typed
 * alternative: one handler per command and event type, checked at start-up.
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
	default List<? extends Message> handleCommand(Message command, S state) {
		throw new UnsupportedOperationException(getClass().getName()
				+ " implements neither handleCommand(command, state) nor handleCommand(command, " + "state, context)");
	}

	/**
	 * Decides what a command does, knowing its context; by default
	 * {@link #handleCommand(Message, Message) handleCommand(command, state)}.
	 * @param command the command
	 * @param state the current state (including events of earlier commands not yet
	 * durable)
	 * @param context the entity and the command: valid during this call only (the engine
	 * reuses it)
	 * @return the events to persist, in order; empty when the command changes nothing
	 * @throws CommandRejectedException to reject the command with a reason (any other
	 * exception also rejects only this command)
	 * @since 0.2.0
	 */
	default List<? extends Message> handleCommand(Message command, S state, CommandContext context) {
		return handleCommand(command, state);
	}

	/**
	 * Folds an event into the state.
	 * @param event the event
	 * @param state the state before the event
	 * @return the state after the event, never {@code null}
	 */
	S handleEvent(Message event, S state);

}
