package io.ego.core;

import com.google.protobuf.Message;

/**
 * The answer to one command: {@link Accepted accepted} (with the resulting state and
 * revision), {@link Rejected rejected} by the domain, or {@link Failed failed} (store
 * error, timeout, engine stopped). Every command is answered exactly once, within its ask
 * timeout.
 * <p>
 * A reply never lies:
 * <ul>
 * <li>{@link Accepted} if and only if the command's events (or state) are durable;</li>
 * <li>{@link Rejected}, and {@link Failed} whose {@link Failed#outcomeUnknown()} is
 * {@code false}: nothing of the command was written, and it never will be: retrying is
 * safe;</li>
 * <li>{@link Failed} with {@link Failed#outcomeUnknown()} {@code true} (a
 * {@link CommandOutcomeUnknownException}): the command started and its write may or may
 * not be durable. Read the state before retrying a command that must not apply
 * twice.</li>
 * </ul>
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public sealed interface CommandReply<S extends Message> {

	/**
	 * @return whether the command was accepted
	 */
	default boolean isAccepted() {
		return this instanceof Accepted;
	}

	/**
	 * Returns the state after an accepted command.
	 * @return the state
	 * @throws CommandRejectedException when the command was rejected
	 * @throws EgoException when the command failed
	 */
	S state();

	/**
	 * Returns the revision after an accepted command: the sequence number of the entity's
	 * last event (event-sourced) or the state's revision (durable state).
	 * @return the revision
	 * @throws CommandRejectedException when the command was rejected
	 * @throws EgoException when the command failed
	 */
	long revision();

	/**
	 * The command was applied; its events (or state) are durable.
	 *
	 * @param state the state after the command
	 * @param revision the revision after the command
	 * @param <S> the state type
	 */
	record Accepted<S extends Message>(S state, long revision) implements CommandReply<S> {
	}

	/**
	 * The behaviour rejected the command; nothing was written.
	 *
	 * @param rejection the rejection, with the domain's reason
	 * @param <S> the state type
	 */
	record Rejected<S extends Message>(CommandRejectedException rejection) implements CommandReply<S> {

		/**
		 * @return the domain's reason
		 */
		public String reason() {
			return this.rejection.reason();
		}

		@Override
		public S state() {
			throw this.rejection;
		}

		@Override
		public long revision() {
			throw this.rejection;
		}

	}

	/**
	 * The command could not be handled for an infrastructure reason.
	 *
	 * @param error what failed: a {@link CommandOutcomeUnknownException} when the command
	 * may have been written; otherwise nothing was written — a
	 * {@link PersistenceFailureException}, {@link CommandTimeoutException} (the command
	 * was withdrawn before it ran), {@link RecoveryFailedException},
	 * {@link BehaviorContractException}, or {@link EngineStoppedException}
	 * @param <S> the state type
	 */
	record Failed<S extends Message>(EgoException error) implements CommandReply<S> {

		/**
		 * Tells whether the command may have been written: {@code false} means that it
		 * was not, and never will be.
		 * @return whether the error is a {@link CommandOutcomeUnknownException}
		 */
		public boolean outcomeUnknown() {
			return this.error instanceof CommandOutcomeUnknownException;
		}

		@Override
		public S state() {
			throw this.error;
		}

		@Override
		public long revision() {
			throw this.error;
		}

	}

}
