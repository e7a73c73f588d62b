package io.ego.connector.nats;

import java.io.IOException;

import io.ego.connector.support.FailureClassifier;
import io.nats.client.JetStreamApiException;
import org.jspecify.annotations.Nullable;

/**
 * Classifies publish failures. Poison means "this message will never be accepted": too
 * large for the server ({@link NatsMessageRejectedException}) or for the stream
 * (JetStream error {@value #MESSAGE_TOO_LARGE}). Everything else — timeouts, outages, a
 * missing stream ({@link NatsStreamException}), no stream capturing the subject — would
 * fail every message alike, and is retried until it passes.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class NatsFailures {

	/** JetStream's error code for "message size exceeds maximum allowed". */
	static final int MESSAGE_TOO_LARGE = 10054;

	/**
	 * The classification: jnats wraps a {@link JetStreamApiException} of an asynchronous
	 * publish in a plain {@link RuntimeException}; poison as the class comment says.
	 */
	static final FailureClassifier CLASSIFIER = FailureClassifier.of(
			(failure) -> failure.getClass() == RuntimeException.class && failure.getCause() != null,
			(failure) -> failure instanceof NatsMessageRejectedException
					|| (failure instanceof JetStreamApiException api && api.getApiErrorCode() == MESSAGE_TOO_LARGE));

	private NatsFailures() {
	}

	/**
	 * Removes the wrappers futures put around the client's exception (jnats wraps a
	 * {@link JetStreamApiException} of an asynchronous publish in a
	 * {@link RuntimeException}).
	 * @param failure a failure
	 * @return the client's exception, or the failure itself
	 */
	static Throwable unwrap(Throwable failure) {
		return CLASSIFIER.unwrap(failure);
	}

	static boolean isPoison(@Nullable Throwable failure) {
		return CLASSIFIER.isPoison(failure);
	}

	/**
	 * Tells whether a publish found no stream to store it: JetStream answered "503 No
	 * Responders" (no stream captures the subject).
	 * @param failure the failure of a publish
	 * @return whether the stream is missing
	 */
	static boolean isNoStream(Throwable failure) {
		String message = failure.getMessage();
		return failure instanceof IOException && message != null && message.contains("503");
	}

}
