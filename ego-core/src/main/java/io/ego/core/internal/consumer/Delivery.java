package io.ego.core.internal.consumer;

import java.util.List;

import io.ego.core.store.PersistedEvent;

/**
 * How one kind of consumer hands what its worker read to the application: a projection's
 * handler under its recovery policy (optionally in transactions), or a publisher's sink
 * in batches. The {@link ConsumerWorker worker loop} is the same for every kind; a
 * delivery handles one batch at a time on the worker's thread and commits the offset
 * through the {@link WorkerRun run}.
 *
 * @author eGo team
 * @since 0.1.0
 */
sealed interface Delivery permits ProjectionDelivery, PublisherDelivery {

	/**
	 * Hands a batch over and commits the worker's offset after it (at-least-once), or
	 * with it (transactions).
	 * @param run the worker's current run
	 * @param batch the rows read, not empty, ascending by position
	 * @return what became of the batch
	 * @throws RuntimeException when the offset store failed: the worker reads its offset
	 * again
	 */
	Result deliver(WorkerRun run, List<PersistedEvent> batch);

	/**
	 * Hands one row to the consumer again, outside the worker loop (a dead-letter retry);
	 * erasures go where the loop sends them.
	 * @param reader the reader to decrypt and adapt the row with
	 * @param row the row
	 * @throws Exception what the consumer threw
	 */
	void redeliver(EventReader reader, PersistedEvent row) throws Exception;

	/**
	 * @return what the consumer is called in messages: {@code projection} or
	 * {@code publisher}
	 */
	String kind();

	/** What became of a batch. */
	enum Result {

		/**
		 * Handled and committed (or the run was asked to stop part-way, after committing
		 * what it handled).
		 */
		DONE,

		/** The policy gave up: the consumer fails. */
		GAVE_UP,

		/** A commit was refused: the stored offset moved, or the lease was taken over. */
		MOVED

	}

}
