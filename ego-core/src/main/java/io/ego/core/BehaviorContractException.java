package io.ego.core;

/**
 * A behaviour broke its contract (a null event, a state of another type, an event it
 * cannot apply).
 *
 * @author eGo team
 * @since 0.1.0
 */
public class BehaviorContractException extends EgoException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 */
	public BehaviorContractException(String message) {
		super(message);
	}

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public BehaviorContractException(String message, Throwable cause) {
		super(message, cause);
	}

}
