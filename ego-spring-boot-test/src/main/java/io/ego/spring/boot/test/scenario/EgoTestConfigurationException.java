package io.ego.spring.boot.test.scenario;

import org.jspecify.annotations.Nullable;

/**
 * A test asked for an eGo bean, entity type or projection its context does not have; the
 * message names it and what the context has.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EgoTestConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what is missing, and what the context has
	 * @param cause the engine's own exception, if any
	 */
	public EgoTestConfigurationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
