package io.ego.connector.nats;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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

	private static final int MAX_DEPTH = 16;

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
		Throwable current = failure;
		for (int depth = 0; depth < MAX_DEPTH; depth++) {
			Throwable cause = current.getCause();
			boolean wrapper = current instanceof ExecutionException || current instanceof CompletionException
					|| (current.getClass() == RuntimeException.class && cause != null);
			if (!wrapper || cause == null || cause == current) {
				return current;
			}
			current = cause;
		}
		return current;
	}

	static boolean isPoison(@Nullable Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (current instanceof NatsMessageRejectedException) {
				return true;
			}
			if (current instanceof JetStreamApiException api && api.getApiErrorCode() == MESSAGE_TOO_LARGE) {
				return true;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
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

	static Exception asException(Throwable failure) {
		return (failure instanceof Exception ex) ? ex : new ExecutionException(failure);
	}

}
