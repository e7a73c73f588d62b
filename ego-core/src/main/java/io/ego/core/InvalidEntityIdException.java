package io.ego.core;

/**
 * An entity id is blank, too long or contains control characters.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class InvalidEntityIdException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public InvalidEntityIdException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public InvalidEntityIdException(String message, Throwable cause) {
		super(message, cause);
	}

}
