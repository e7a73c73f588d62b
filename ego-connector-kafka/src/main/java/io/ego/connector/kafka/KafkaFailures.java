package io.ego.connector.kafka;

import java.util.List;

import io.ego.connector.support.FailureClassifier;
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

	/**
	 * The classification: spring-kafka's {@link KafkaException} wraps, the above are
	 * poison.
	 */
	static final FailureClassifier CLASSIFIER = FailureClassifier.of(KafkaException.class::isInstance,
			(failure) -> POISON.stream().anyMatch((poison) -> poison.isInstance(failure)));

	private KafkaFailures() {
	}

	/**
	 * Removes the wrappers futures and spring-kafka put around the client's exception.
	 * @param failure a failure of a send
	 * @return the client's exception, or the failure itself
	 */
	static Throwable unwrap(Throwable failure) {
		return CLASSIFIER.unwrap(failure);
	}

	static boolean isPoison(@Nullable Throwable failure) {
		return CLASSIFIER.isPoison(failure);
	}

}
