package io.ego.core;

import io.ego.core.store.Identifiers;
import org.jspecify.annotations.Nullable;

/**
 * How a command is sent. With a {@linkplain #id(String) command id}, the command is
 * idempotent: re-sending a command with an id the entity has already handled returns the
 * original outcome and writes nothing (see {@link EntitySettings#dedupe()} for the window
 * in which ids are remembered).
 *
 * @param commandId the command's id, or {@code null} for a command without one
 * @author eGo team
 * @since 0.2.0
 */
public record CommandOptions(@Nullable String commandId) {

	/** The longest command id, in characters. */
	public static final int MAX_ID_LENGTH = 200;

	private static final CommandOptions NONE = new CommandOptions(null);

	/**
	 * Checks the id.
	 * @param commandId the command's id, or {@code null}
	 * @throws IllegalArgumentException when the id is blank, longer than
	 * {@value #MAX_ID_LENGTH} characters or not well-formed UTF-16
	 */
	public CommandOptions {
		if (commandId != null) {
			if (commandId.isBlank() || commandId.length() > MAX_ID_LENGTH) {
				throw new IllegalArgumentException(
						"command id must be 1 to " + MAX_ID_LENGTH + " characters and not blank: '" + commandId + "'");
			}
			if (Identifiers.unpairedSurrogateAt(commandId) >= 0) {
				throw new IllegalArgumentException("command id is not well-formed UTF-16: '" + commandId + "'");
			}
		}
	}

	/**
	 * @return options without a command id: the command is not deduplicated
	 */
	public static CommandOptions none() {
		return NONE;
	}

	/**
	 * @param commandId the command's id, unique per intended effect (e.g. an
	 * {@code Idempotency-Key} header, or a saga's id and step)
	 * @return options with that id
	 */
	public static CommandOptions id(String commandId) {
		return new CommandOptions(commandId);
	}

}
