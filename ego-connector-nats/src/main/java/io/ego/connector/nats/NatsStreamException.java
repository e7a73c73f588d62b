package io.ego.connector.nats;

import java.io.Serial;

/**
 * The JetStream stream a publisher writes to is missing (and not to be created), or does
 * not capture the publisher's subjects. Not poison: the publisher retries until the
 * stream is fixed, so that no event is dead-lettered for a configuration error.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class NatsStreamException extends IllegalStateException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String stream;

	NatsStreamException(String stream, String message) {
		super(message);
		this.stream = stream;
	}

	/**
	 * @return the name of the stream
	 */
	public String stream() {
		return this.stream;
	}

}
