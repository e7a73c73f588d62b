package io.ego.core;

/**
 * A command's events or state could not be written; the entity reloads from the store
 * before its next command.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class PersistenceFailureException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public PersistenceFailureException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public PersistenceFailureException(String message, Throwable cause) {
		super(message, cause);
	}

}
