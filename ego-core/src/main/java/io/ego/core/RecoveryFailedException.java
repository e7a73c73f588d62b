package io.ego.core;

/**
 * An entity could not be recovered from the store (snapshot and events); its commands
 * fail until recovery succeeds.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class RecoveryFailedException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public RecoveryFailedException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public RecoveryFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
