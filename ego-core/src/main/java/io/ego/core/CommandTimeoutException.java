package io.ego.core;

/**
 * A command got no reply within its ask timeout while it was still queued: it was
 * withdrawn and is never executed, so nothing of it was written. (A command whose
 * deadline passes after it started is answered with a
 * {@link CommandOutcomeUnknownException} instead.)
 *
 * @author eGo team
 * @since 0.1.0
 */
public class CommandTimeoutException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public CommandTimeoutException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public CommandTimeoutException(String message, Throwable cause) {
		super(message, cause);
	}

}
