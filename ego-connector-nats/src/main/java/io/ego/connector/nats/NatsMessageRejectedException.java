package io.ego.connector.nats;

import java.io.Serial;

/**
 * NATS will never accept the message for one event or state: larger than the server's
 * maximum payload, or than the stream's maximum message size. Poison: the engine
 * dead-letters the event or state after its retries.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class NatsMessageRejectedException extends IllegalArgumentException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String messageId;

	NatsMessageRejectedException(String messageId, String subject, Throwable cause) {
		super("message '" + messageId + "' to '" + subject + "' refused: " + cause.getMessage(), cause);
		this.messageId = messageId;
	}

	/**
	 * @return the refused message's {@value EgoNatsHeaders#MSG_ID}
	 */
	public String messageId() {
		return this.messageId;
	}

}
