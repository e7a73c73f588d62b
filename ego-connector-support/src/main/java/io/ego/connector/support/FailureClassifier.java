package io.ego.connector.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Classifies the failures of sends for a connector. Poison means "this message will never
 * be accepted" (too large, not serializable, refused by the broker's validation):
 * retrying cannot help, so the engine isolates and dead-letters it. Everything else —
 * timeouts, outages, and also topic-wide configuration errors that would fail every
 * message alike — is retried until it passes, so that a misconfiguration stalls the
 * publisher visibly instead of dead-lettering the whole stream.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class FailureClassifier {

	private static final int MAX_DEPTH = 16;

	private final Predicate<Throwable> wrapper;

	private final Predicate<Throwable> poison;

	private FailureClassifier(Predicate<Throwable> wrapper, Predicate<Throwable> poison) {
		this.wrapper = wrapper;
		this.poison = poison;
	}

	/**
	 * Creates a classifier.
	 * @param wrapper tells the client's wrappers around the failure that matters, besides
	 * {@link ExecutionException} and {@link CompletionException} (which are always
	 * removed)
	 * @param poison tells a failure (or a cause of it) that is poison
	 * @return the classifier
	 */
	public static FailureClassifier of(Predicate<Throwable> wrapper, Predicate<Throwable> poison) {
		return new FailureClassifier(wrapper, poison);
	}

	/**
	 * Removes the wrappers futures and the client put around the client's exception.
	 * @param failure a failure of a send
	 * @return the client's exception, or the failure itself
	 */
	public Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; depth < MAX_DEPTH; depth++) {
			Throwable cause = current.getCause();
			boolean wrapped = current instanceof ExecutionException || current instanceof CompletionException
					|| this.wrapper.test(current);
			if (!wrapped || cause == null || cause == current) {
				return current;
			}
			current = cause;
		}
		return current;
	}

	/**
	 * Tells whether the failure, or one of its causes, is poison.
	 * @param failure a failure, or {@code null}
	 * @return whether to isolate and dead-letter the message
	 */
	public boolean isPoison(@Nullable Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (this.poison.test(current)) {
				return true;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

	/**
	 * Returns which of two failures of one batch to report: the first, unless only the
	 * second is poison (so that the engine isolates the poison message rather than
	 * retrying the batch for ever).
	 * @param current the failure kept so far, or {@code null}
	 * @param next another failure
	 * @return the failure to keep
	 */
	public Throwable prefer(@Nullable Throwable current, Throwable next) {
		return (current == null || (!isPoison(current) && isPoison(next))) ? next : current;
	}

	/**
	 * @param failure a failure
	 * @return the failure when it is an {@link Exception}, else the failure wrapped in an
	 * {@link ExecutionException}
	 */
	public static Exception asException(Throwable failure) {
		return (failure instanceof Exception ex) ? ex : new ExecutionException(failure);
	}

}
