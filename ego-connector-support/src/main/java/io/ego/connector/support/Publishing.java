package io.ego.connector.support;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The defaults and checks the connectors' publishers and their builders share.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class Publishing {

	/** How long a publish waits for acknowledgements when no timeout is set. */
	public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

	private Publishing() {
	}

	/**
	 * @param timeout a send timeout
	 * @throws IllegalArgumentException unless it is positive
	 */
	public static void checkSendTimeout(@Nullable Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("send timeout must be positive but was " + timeout);
		}
	}

	/**
	 * @param value a name (topic, stream, URL, ...)
	 * @param what what it names, for the message
	 * @throws IllegalArgumentException when it is {@code null} or blank ("{@code <what>}
	 * must not be empty")
	 */
	public static void checkNotEmpty(@Nullable String value, String what) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(what + " must not be empty");
		}
	}

}
