package io.ego.core;

/**
 * A command got no reply within its ask timeout; it may or may not have been applied (it is skipped if still queued).
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
