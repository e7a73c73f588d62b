package io.ego.core;

/**
 * Whether a command took effect is not known: it started executing, and its write may or
 * may not be durable (an ambiguous commit, a wait for the store cut short, a deadline
 * that passed while it ran). The entity reloads from the store before its next command,
 * so the next reply is right again. Retrying the command may apply it twice; read the
 * entity's state (or retry with an idempotency key) to find out.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class CommandOutcomeUnknownException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what happened, naming the entity
	 */
	public CommandOutcomeUnknownException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what happened, naming the entity
	 * @param cause the underlying failure
	 */
	public CommandOutcomeUnknownException(String message, Throwable cause) {
		super(message, cause);
	}

}
