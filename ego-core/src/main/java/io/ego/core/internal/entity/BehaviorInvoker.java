package io.ego.core.internal.entity;

import com.google.protobuf.Message;
import io.ego.core.BehaviorContract;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.PersistenceFailureException;
import io.ego.core.encryption.EncryptionException;

/**
 * The replies of the cells around the behaviour contract. The contract itself (what a
 * behaviour must return, and how a command ends when it throws) is
 * {@link BehaviorContract}'s, which the testkit evaluates too; what remains here is what
 * only the engine does after a decision: encoding and encrypting the events.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class BehaviorInvoker {

	private BehaviorInvoker() {
	}

	/**
	 * @param contract a contract whose last decision was not accepted
	 * @param <S> the state type
	 * @return the reply to that command
	 */
	static <S extends Message> CommandReply<S> refusal(BehaviorContract<S> contract) {
		CommandReply<S> refusal = contract.refusal();
		if (refusal == null) {
			throw new IllegalStateException("the command was accepted");
		}
		return refusal;
	}

	/**
	 * Answers a command whose decided events could not be encoded.
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
			return new CommandReply.Rejected<>(BehaviorContract.rejectionOf(runtime, command));
		}
		return new CommandReply.Failed<>(new BehaviorContractException("behaviour of '" + type + "' threw " + ex
				+ " encoding the events of " + typeName(command) + "; the command was not written", ex));
	}

	static String typeName(Message message) {
		return message.getDescriptorForType().getFullName();
	}

}
