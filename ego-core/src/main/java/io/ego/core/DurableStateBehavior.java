package io.ego.core;

import com.google.protobuf.Message;

/**
 * The behaviour of a durable-state entity: a command turns the current state into a new
 * state, which replaces the stored one with the next revision.
 * <p>
 * Implement one of the two {@code handleCommand} methods: the engine calls the one with a
 * {@link CommandContext} (the entity id, its revision, the command's id and metadata),
 * which by default calls the one with the revision. Registering a behaviour that
 * implements neither fails at start-up. {@link DurableStateHandlers} is the typed
 * alternative: one handler per command type, checked at start-up.
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
	default S handleCommand(Message command, S state, long revision) {
		throw new UnsupportedOperationException(getClass().getName()
				+ " implements neither handleCommand(command, state, revision) nor handleCommand(command, state, "
				+ "context)");
	}

	/**
	 * Decides what a command does, knowing its context; by default
	 * {@link #handleCommand(Message, Message, long) handleCommand(command, state,
	 * context.sequenceNr())}.
	 * @param command the command
	 * @param state the current (stored) state
	 * @param context the entity and the command, whose
	 * {@link CommandContext#sequenceNr()} is the current revision: valid during this call
	 * only (the engine reuses it)
	 * @return the new state, of the same type as the initial state; the same (or an
	 * equal) state for a command that changes nothing, which writes nothing
	 * @throws CommandRejectedException to reject the command with a reason (any other
	 * exception also rejects only this command)
	 * @since 0.2.0
	 */
	default S handleCommand(Message command, S state, CommandContext context) {
		return handleCommand(command, state, context.sequenceNr());
	}

}
