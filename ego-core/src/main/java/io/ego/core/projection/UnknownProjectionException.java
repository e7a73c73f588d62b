package io.ego.core.projection;

import io.ego.core.EgoException;

/**
 * No projection is registered under a name.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class UnknownProjectionException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what was asked for and what exists
	 */
	public UnknownProjectionException(String message) {
		super(message);
	}

}
