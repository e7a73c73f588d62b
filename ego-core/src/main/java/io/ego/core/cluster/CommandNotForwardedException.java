package io.ego.core.cluster;

/**
 * A {@link CommandRouter} could not deliver a command to its entity's owner, certainly:
 * the command did not run and never will (the caller is told so, nothing was written).
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class CommandNotForwardedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message why, naming the entity
	 */
	public CommandNotForwardedException(String message) {
		super(message);
	}

}
