package io.ego.core;

/**
 * A stored message names a protobuf type the engine cannot read back.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class UnknownMessageTypeException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public UnknownMessageTypeException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public UnknownMessageTypeException(String message, Throwable cause) {
		super(message, cause);
	}

}
