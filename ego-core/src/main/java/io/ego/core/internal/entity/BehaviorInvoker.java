package io.ego.core.internal.entity;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.PersistenceFailureException;
import io.ego.core.encryption.EncryptionException;

/**
 * The contract between the engine and a behaviour, in one place: what a returned event or
 * state must be, and what the reply is when a behaviour throws or breaks the contract.
 * Both cell kinds use it.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class BehaviorInvoker {

	private BehaviorInvoker() {
	}

	/**
	 * Checks an event a command handler returned.
	 * @param type the entity type
	 * @param event the event
	 * @param command the command it was returned for
	 * @throws BehaviorContractException when it is null or a {@code google.protobuf.Any}
	 */
	static void checkEvent(String type, Message event, Message command) {
		if (event == null || event instanceof Any) {
			throw new BehaviorContractException("behaviour of '" + type + "' returned a "
					+ ((event == null) ? "null event" : "google.protobuf.Any event (return the message itself)")
					+ " for " + typeName(command));
		}
	}

	/**
	 * Checks the state an event handler returned.
	 * @param type the entity type
	 * @param folded the state
	 * @param state a state of the right type
	 * @param event the event it was returned for
	 * @throws BehaviorContractException when it is null or of another type
	 */
	static void checkFolded(String type, Message folded, Message state, Message event) {
		if (folded == null || folded.getClass() != state.getClass()) {
			throw new BehaviorContractException("behaviour of '" + type + "' returned "
					+ ((folded == null) ? "a null state" : "a " + typeName(folded) + " state") + " for event "
					+ typeName(event) + "; the state type is " + typeName(state));
		}
	}

	/**
	 * Answers a command whose handler threw.
	 * @param type the entity type
	 * @param ex what it threw
	 * @param command the command
	 * @param <S> the state type
	 * @return the reply: a rejection for a {@link RuntimeException}, a failure for an
	 * {@link Error}
	 */
	static <S extends Message> CommandReply<S> handlingFailed(String type, Throwable ex, Message command) {
		if (ex instanceof CommandRejectedException rejected) {
			return new CommandReply.Rejected<>(rejected);
		}
		if (ex instanceof RuntimeException runtime) {
			return rejectedBy(runtime, command);
		}
		return brokeOn(type, ex, "handling " + typeName(command));
	}

	/**
	 * Answers a command whose events could not be folded or encoded.
	 * @param type the entity type
	 * @param persistenceId the entity
	 * @param ex what was thrown
	 * @param command the command
	 * @param <S> the state type
	 * @return the reply
	 */
	static <S extends Message> CommandReply<S> foldingFailed(String type, String persistenceId, Throwable ex,
			Message command) {
		if (ex instanceof BehaviorContractException contract) {
			return new CommandReply.Failed<>(contract);
		}
		if (ex instanceof CommandRejectedException rejected) {
			return new CommandReply.Rejected<>(rejected);
		}
		if (ex instanceof EncryptionException encryption) {
			return new CommandReply.Failed<>(new PersistenceFailureException(
					"events of '" + persistenceId + "' could not be encrypted: " + ex.getMessage(), encryption));
		}
		if (ex instanceof RuntimeException runtime) {
			return rejectedBy(runtime, command);
		}
		return brokeOn(type, ex, "folding the events of " + typeName(command));
	}

	/**
	 * @param type the entity type
	 * @param what what the behaviour did wrong
	 * @param <S> the state type
	 * @return a failure naming the broken contract
	 */
	static <S extends Message> CommandReply<S> contractBroken(String type, String what) {
		return new CommandReply.Failed<>(new BehaviorContractException("behaviour of '" + type + "' " + what));
	}

	/** Turns an exception a behaviour threw into a rejection of that command. */
	static <S extends Message> CommandReply<S> rejectedBy(RuntimeException ex, Message command) {
		String reason = (ex.getMessage() != null) ? ex.getMessage()
				: ex.getClass().getSimpleName() + " handling " + typeName(command);
		return new CommandReply.Rejected<>(new CommandRejectedException(reason, ex));
	}

	/**
	 * Turns an {@link Error} a behaviour threw into a failure of that command (nothing of
	 * it is written).
	 */
	static <S extends Message> CommandReply<S> brokeOn(String type, Throwable ex, String what) {
		return new CommandReply.Failed<>(new BehaviorContractException(
				"behaviour of '" + type + "' threw " + ex + " " + what + "; the command was not written", ex));
	}

	static String typeName(Message message) {
		return message.getDescriptorForType().getFullName();
	}

}
