package io.ego.core;

import com.google.protobuf.Message;

/**
 * The answer to one command: {@link Accepted accepted} (with the resulting state and revision),
 * {@link Rejected rejected} by the domain, or {@link Failed failed} (store error, timeout, engine stopped).
 * Every command is answered exactly once.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.1.0
 */
public sealed interface CommandReply<S extends Message> {

	/** @return whether the command was accepted */
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
	 * Returns the revision after an accepted command: the sequence number of the entity's last event
	 * (event-sourced) or the state's revision (durable state).
	 * @return the revision
	 * @throws CommandRejectedException when the command was rejected
	 * @throws EgoException when the command failed
	 */
	long revision();

	/**
	 * The command was applied; its events (or state) are durable.
	 * @param state the state after the command
	 * @param revision the revision after the command
	 * @param <S> the state type
	 */
	record Accepted<S extends Message>(S state, long revision) implements CommandReply<S> {
	}

	/**
	 * The behaviour rejected the command; nothing was written.
	 * @param rejection the rejection, with the domain's reason
	 * @param <S> the state type
	 */
	record Rejected<S extends Message>(CommandRejectedException rejection) implements CommandReply<S> {

		/** @return the domain's reason */
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
	 * @param error what failed: a {@link PersistenceFailureException}, {@link CommandTimeoutException},
	 * {@link RecoveryFailedException}, {@link BehaviorContractException} or {@link EngineStoppedException}
	 * @param <S> the state type
	 */
	record Failed<S extends Message>(EgoException error) implements CommandReply<S> {

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
