package io.ego.connector.pulsar;

import org.apache.pulsar.client.api.PulsarClientException;

/**
 * Classifies the Pulsar client's failures for the publishers.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class PulsarFailures {

	private PulsarFailures() {
	}

	/**
	 * Tells whether the broker or the client will never accept that message: larger than
	 * the broker's maximum message size, or otherwise invalid
	 * ({@code InvalidMessageException}), corrupted ({@code ChecksumException}), or an
	 * event split into more parts than sequence ids allow
	 * ({@link TooManyPartsException}). Outages, timeouts and topic-wide errors
	 * (authorization, a terminated topic, a producer name in use) are not poison: they
	 * would fail every message alike.
	 * @param failure the failure
	 * @return whether to isolate and dead-letter the message
	 */
	static boolean isPoison(Throwable failure) {
		Throwable cause = PulsarSender.unwrap(failure);
		return cause instanceof PulsarClientException.InvalidMessageException
				|| cause instanceof PulsarClientException.ChecksumException || cause instanceof TooManyPartsException;
	}

	/**
	 * @param failure the failure of a send
	 * @return whether the producer that sent it cannot be used again (closed, fenced,
	 * topic terminated)
	 */
	static boolean isBrokenProducer(Throwable failure) {
		return failure instanceof PulsarClientException.AlreadyClosedException
				|| failure instanceof PulsarClientException.ProducerFencedException
				|| failure instanceof PulsarClientException.TopicTerminatedException
				|| failure instanceof PulsarClientException.ProducerBusyException;
	}

}
