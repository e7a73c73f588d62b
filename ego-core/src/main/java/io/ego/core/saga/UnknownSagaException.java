package io.ego.core.saga;

import io.ego.core.EgoException;

/**
 * No saga is registered under a name.
 *
 * @author eGo team
 * @since 0.2.0
 */
public class UnknownSagaException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what was asked for and what exists
	 */
	public UnknownSagaException(String message) {
		super(message);
	}

}
