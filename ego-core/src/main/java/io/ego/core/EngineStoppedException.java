package io.ego.core;

/**
 * The engine is stopped or stopping and accepts no more commands.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EngineStoppedException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public EngineStoppedException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public EngineStoppedException(String message, Throwable cause) {
		super(message, cause);
	}

}
