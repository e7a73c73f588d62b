package io.ego.core.store;

/**
 * A write may or may not have been made durable: the store lost the answer (the
 * connection broke during the commit, the wait for the write was cut short). A store
 * throws it only when it cannot rule out that the write took effect; every other
 * {@link StoreException} from a write means that nothing was written.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class StoreOutcomeUnknownException extends StoreException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what happened
	 */
	public StoreOutcomeUnknownException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what happened
	 * @param cause the underlying failure
	 */
	public StoreOutcomeUnknownException(String message, Throwable cause) {
		super(message, cause);
	}

}
