package io.ego.core;

/**
 * No behaviour is registered under an entity type name or behaviour class.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class UnknownEntityTypeException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public UnknownEntityTypeException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public UnknownEntityTypeException(String message, Throwable cause) {
		super(message, cause);
	}

}
