package io.ego.core.internal.entity;

import java.time.Instant;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.ego.core.BehaviorContractException;
import io.ego.core.CommandOutcomeUnknownException;
import io.ego.core.CommandRejectedException;
import io.ego.core.CommandReply;
import io.ego.core.CommandTimeoutException;
import io.ego.core.EgoException;
import io.ego.core.EngineStoppedException;
import io.ego.core.EntityErasedException;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntityState;
import io.ego.core.InvalidEntityIdException;
import io.ego.core.PersistenceFailureException;
import io.ego.core.RecoveryFailedException;
import io.ego.core.UnknownEntityTypeException;
import io.ego.core.UnsupportedCommandException;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.cluster.ForwardedReply.Outcome;

/**
 * Turns replies and errors into {@link ForwardedReply forwarded replies} on the owner,
 * and back on the caller, keeping what the API distinguishes (accepted, rejected, not
 * written, outcome unknown).
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class ForwardedReplies {

	private ForwardedReplies() {
	}

	/**
	 * @param reply a command's reply on the owner
	 * @return it, to travel back
	 */
	public static ForwardedReply of(CommandReply<?> reply) {
		return switch (reply) {
			case CommandReply.Accepted<?> accepted ->
				new ForwardedReply(Outcome.ACCEPTED, accepted.state().toByteArray(), accepted.revision(), "");
			case CommandReply.Rejected<?> rejected -> of(rejected.rejection());
			case CommandReply.Failed<?> failed -> of(failed.error());
		};
	}

	/**
	 * @param state a read's answer on the owner
	 * @return it, to travel back
	 */
	public static ForwardedReply of(EntityState<?> state) {
		return new ForwardedReply(Outcome.ACCEPTED, state.state().toByteArray(), state.revision(), "");
	}

	/**
	 * @param error an error on the owner
	 * @return it, to travel back
	 */
	public static ForwardedReply of(Throwable error) {
		String message = String.valueOf(error.getMessage());
		return switch (error) {
			case EntityErasedException erased -> new ForwardedReply(Outcome.ERASED, new byte[0],
					erased.erasedAt().toEpochMilli(), erased.persistenceId());
			case UnsupportedCommandException unsupported ->
				ForwardedReply.of(Outcome.UNSUPPORTED, unsupported.commandType());
			case CommandRejectedException rejected -> ForwardedReply.of(Outcome.REJECTED, rejected.reason());
			case CommandOutcomeUnknownException unknown -> ForwardedReply.of(Outcome.OUTCOME_UNKNOWN, message);
			case CommandTimeoutException timeout -> ForwardedReply.of(Outcome.TIMED_OUT, message);
			case PersistenceFailureException failure -> ForwardedReply.of(Outcome.PERSISTENCE_FAILED, message);
			case RecoveryFailedException failure -> ForwardedReply.of(Outcome.RECOVERY_FAILED, message);
			case BehaviorContractException broken -> ForwardedReply.of(Outcome.BEHAVIOR_CONTRACT, message);
			case EngineStoppedException stopped -> ForwardedReply.of(Outcome.ENGINE_STOPPED, message);
			case EntityNotFoundException notFound -> ForwardedReply.of(Outcome.NOT_FOUND, message);
			case UnknownEntityTypeException unknownType -> ForwardedReply.of(Outcome.UNKNOWN_TYPE, message);
			case InvalidEntityIdException invalid -> ForwardedReply.of(Outcome.INVALID_ID, message);
			default -> ForwardedReply.of(Outcome.OTHER, error.getClass().getName() + ": " + message);
		};
	}

	/**
	 * @param reply a forwarded command's reply, not {@link Outcome#NOT_OWNER}
	 * @param states the state's parser
	 * @param what the entity and command, for messages
	 * @param <S> the state type
	 * @return the reply the caller sees
	 */
	static <S extends Message> CommandReply<S> toReply(ForwardedReply reply, Parser<S> states, String what) {
		return switch (reply.outcome()) {
			case ACCEPTED -> {
				try {
					yield new CommandReply.Accepted<>(states.parseFrom(reply.state()), reply.revision());
				}
				catch (InvalidProtocolBufferException ex) {
					yield new CommandReply.Failed<>(new CommandOutcomeUnknownException(
							"the owner of " + what + " accepted it, but its state could not be read", ex));
				}
			}
			case REJECTED -> new CommandReply.Rejected<>(new CommandRejectedException(reply.message()));
			case UNSUPPORTED, ERASED -> new CommandReply.Rejected<>((CommandRejectedException) error(reply, what));
			default -> new CommandReply.Failed<>(error(reply, what));
		};
	}

	/**
	 * @param reply a forwarded read's reply, not {@link Outcome#NOT_OWNER}
	 * @param states the state's parser
	 * @param what the entity, for messages
	 * @param <S> the state type
	 * @return the state
	 * @throws EgoException what the owner answered instead
	 */
	static <S extends Message> EntityState<S> toState(ForwardedReply reply, Parser<S> states, String what) {
		if (reply.outcome() != Outcome.ACCEPTED) {
			throw error(reply, what);
		}
		try {
			return new EntityState<>(states.parseFrom(reply.state()), reply.revision());
		}
		catch (InvalidProtocolBufferException ex) {
			throw new EgoException("the state of " + what + " sent by its owner could not be read", ex);
		}
	}

	/**
	 * @param reply a reply that is not accepted
	 * @param what the entity and command, for messages
	 * @return the error it stands for
	 */
	public static EgoException error(ForwardedReply reply, String what) {
		String message = reply.message();
		return switch (reply.outcome()) {
			case REJECTED -> new CommandRejectedException(message);
			case UNSUPPORTED -> new UnsupportedCommandException(message);
			case ERASED -> new EntityErasedException(message, Instant.ofEpochMilli(reply.revision()));
			case TIMED_OUT -> new CommandTimeoutException(message);
			case PERSISTENCE_FAILED -> new PersistenceFailureException(message);
			case RECOVERY_FAILED -> new RecoveryFailedException(message);
			case BEHAVIOR_CONTRACT -> new BehaviorContractException(message);
			case ENGINE_STOPPED -> new EngineStoppedException(message);
			case NOT_FOUND -> new EntityNotFoundException(message);
			case UNKNOWN_TYPE -> new UnknownEntityTypeException(message);
			case INVALID_ID -> new InvalidEntityIdException(message);
			case NOT_OWNER ->
				new CommandTimeoutException("no member took " + what + ": " + message + "; it was not executed");
			case ACCEPTED, OUTCOME_UNKNOWN, OTHER ->
				new CommandOutcomeUnknownException("the owner of " + what + " answered: " + message);
		};
	}

}
