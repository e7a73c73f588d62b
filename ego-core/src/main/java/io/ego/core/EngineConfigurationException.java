package io.ego.core;

/**
 * The engine's configuration is invalid (a missing store, a duplicate type name, a bad
 * setting).
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EngineConfigurationException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public EngineConfigurationException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public EngineConfigurationException(String message, Throwable cause) {
		super(message, cause);
	}

}
