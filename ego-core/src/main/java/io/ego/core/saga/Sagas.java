package io.ego.core.saga;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * The engine's sagas ({@link io.ego.core.EgoEngine#sagas()}): start instances, read their
 * status, and the operators' retry and cancel.
 *
 * @author eGo team
 * @since 0.2.0
 */
public interface Sagas {

	/**
	 * @return the registered sagas' names
	 */
	List<String> names();

	/**
	 * Starts an instance with {@link SagaBehavior#onStart}. Idempotent: starting an
	 * instance that has started changes nothing and answers its current status.
	 * @param saga the saga's name
	 * @param sagaId the instance's id (an entity id)
	 * @param start the start message
	 * @return the instance once its start is durable; completes exceptionally with the
	 * engine's errors (see {@link io.ego.core.CommandReply}) when it could not be
	 * recorded
	 * @throws UnknownSagaException when no saga has that name
	 */
	CompletableFuture<SagaInstance<?>> start(String saga, String sagaId, Message start);

	/**
	 * Reads an instance.
	 * @param saga the saga's name
	 * @param sagaId the instance's id
	 * @return the instance; {@link SagaStatus#NEW} when it never started
	 * @throws UnknownSagaException when no saga has that name
	 */
	SagaInstance<?> status(String saga, String sagaId);

	/**
	 * Sends the steps of a {@link SagaStatus#FAILED failed} instance whose outcome stayed
	 * unknown again (same command ids, so the targets deduplicate them) and resumes it.
	 * @param saga the saga's name
	 * @param sagaId the instance's id
	 * @return the instance after the retry was recorded
	 * @throws UnknownSagaException when no saga has that name
	 */
	SagaInstance<?> retry(String saga, String sagaId);

	/**
	 * Cancels a running instance: it compensates its completed steps.
	 * @param saga the saga's name
	 * @param sagaId the instance's id
	 * @param reason why, kept in its history
	 * @return the instance after the cancellation was recorded
	 * @throws UnknownSagaException when no saga has that name
	 */
	SagaInstance<?> cancel(String saga, String sagaId, String reason);

	/**
	 * Counts a saga's instances by status, as its dispatcher last recorded them (a change
	 * is counted once the dispatcher has read it, usually within its pull interval).
	 * @param saga the saga's name
	 * @return the counts of the statuses that have instances
	 * @throws UnknownSagaException when no saga has that name
	 * @since 0.2.0
	 */
	Map<SagaStatus, Long> counts(String saga);

	/**
	 * Lists a saga's instances of one status, by id, a page at a time.
	 * @param saga the saga's name
	 * @param status the status
	 * @param afterId the last id of the previous page, or {@code null} for the first page
	 * @param limit the maximum number of instances, positive
	 * @return the instances, ascending by id
	 * @throws UnknownSagaException when no saga has that name
	 * @since 0.2.0
	 */
	List<SagaSummary> list(String saga, SagaStatus status, @Nullable String afterId, int limit);

}
