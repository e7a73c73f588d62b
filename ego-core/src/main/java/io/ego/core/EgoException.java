package io.ego.core;

/**
 * Base class of the engine's errors.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EgoException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong, naming the entity, property or bean concerned
	 */
	public EgoException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong, naming the entity, property or bean concerned
	 * @param cause the underlying failure
	 */
	public EgoException(String message, Throwable cause) {
		super(message, cause);
	}

	EgoException(String message, Throwable cause, boolean stackTrace) {
		super(message, cause, false, stackTrace);
	}

}
