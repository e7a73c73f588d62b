package io.ego.connector.kafka;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;

/**
 * Classifies send failures. Poison means "this record will never be accepted" (too large,
 * not serializable, refused by the broker's record validation): retrying cannot help, so
 * the engine isolates and dead-letters the event. Everything else — timeouts, retriable
 * broker errors, and also topic-wide configuration errors (authorization, unknown or
 * invalid topic) that would fail every event alike — is retried until it passes, so that
 * a misconfiguration stalls the publisher visibly instead of dead-lettering the whole
 * stream.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class KafkaFailures {

	private static final List<Class<? extends Throwable>> POISON = List.of(RecordTooLargeException.class,
			RecordBatchTooLargeException.class, SerializationException.class, InvalidRecordException.class);

	private static final int MAX_DEPTH = 16;

	private KafkaFailures() {
	}

	/**
	 * Removes the wrappers futures and spring-kafka put around the client's exception.
	 * @param failure a failure of a send
	 * @return the client's exception, or the failure itself
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; depth < MAX_DEPTH; depth++) {
			Throwable cause = current.getCause();
			boolean wrapper = current instanceof ExecutionException || current instanceof CompletionException
					|| current instanceof KafkaException;
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
			for (Class<? extends Throwable> poison : POISON) {
				if (poison.isInstance(current)) {
					return true;
				}
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

}
