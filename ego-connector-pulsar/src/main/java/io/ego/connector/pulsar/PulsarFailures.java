package io.ego.connector.pulsar;

import io.ego.connector.support.FailureClassifier;
import org.apache.pulsar.client.api.PulsarClientException;
import org.jspecify.annotations.Nullable;

/**
 * Classifies the Pulsar client's failures for the publishers.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class PulsarFailures {

	/**
	 * The classification: futures' wrappers only; poison as {@link #isPoison} says.
	 */
	static final FailureClassifier CLASSIFIER = FailureClassifier.of((failure) -> false,
			(failure) -> failure instanceof PulsarClientException.InvalidMessageException
					|| failure instanceof PulsarClientException.ChecksumException
					|| failure instanceof TooManyPartsException);

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
	 * @param failure the failure (or one of its causes), or {@code null}
	 * @return whether to isolate and dead-letter the message
	 */
	static boolean isPoison(@Nullable Throwable failure) {
		return CLASSIFIER.isPoison(failure);
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
