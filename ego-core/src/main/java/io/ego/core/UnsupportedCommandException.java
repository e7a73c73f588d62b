package io.ego.core;

/**
 * A command of a type the behaviour does not handle.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class UnsupportedCommandException extends CommandRejectedException {

	private static final long serialVersionUID = 1L;

	private final String commandType;

	/**
	 * Creates an exception.
	 * @param commandType the protobuf full name of the command
	 */
	public UnsupportedCommandException(String commandType) {
		super("unsupported command type '" + commandType + "'");
		this.commandType = commandType;
	}

	/**
	 * @return the protobuf full name of the unsupported command
	 */
	public String commandType() {
		return this.commandType;
	}

}
