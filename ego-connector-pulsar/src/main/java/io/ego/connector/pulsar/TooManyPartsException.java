package io.ego.connector.pulsar;

import java.io.Serial;

/**
 * An event adapter split one stored event into more events than a journal position has
 * sequence ids for (1024): the event cannot be published in order, and is dead-lettered.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class TooManyPartsException extends IllegalArgumentException {

	@Serial
	private static final long serialVersionUID = 1L;

	TooManyPartsException(String persistenceId, long sequenceNr, int part) {
		super("event " + persistenceId + "#" + sequenceNr + " was split into more than "
				+ PulsarSender.PARTS_PER_POSITION + " events (part " + part + ")");
	}

}
