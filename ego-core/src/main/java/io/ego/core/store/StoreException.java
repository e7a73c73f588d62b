package io.ego.core.store;

/**
 * A store could not perform an operation.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class StoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what failed
	 */
	public StoreException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what failed
	 * @param cause the underlying failure
	 */
	public StoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
