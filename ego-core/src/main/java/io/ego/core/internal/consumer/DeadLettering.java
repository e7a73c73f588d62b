package io.ego.core.internal.consumer;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.ego.core.store.DeadLetter;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.ErasureMarker;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.Lease;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's dead letters: storing the rows its delivery gave up on (none of an erased
 * entity) and handing a dead letter to the consumer again (an operator's retry),
 * serialized with the worker whose slices hold it.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class DeadLettering {

	private static final Logger logger = LoggerFactory.getLogger(DeadLettering.class);

	/**
	 * Metadata key under which a dead letter of an encrypted event keeps the event's data
	 * key id.
	 */
	static final String DEAD_LETTER_KEY_ID = "ego.key-id";

	private final ConsumerRunner runner;

	DeadLettering(ConsumerRunner runner) {
		this.runner = runner;
	}

	/**
	 * Stores a dead letter of a row the delivery gave up on; none when its entity was
	 * erased up to it.
	 * @param event the row
	 * @param failure why it gave up
	 * @param attempts how many attempts it made
	 */
	void add(PersistedEvent event, Throwable failure, int attempts) {
		String name = this.runner.name;
		String cause = ConsumerWorker.describe(failure);
		if (isErased(event)) {
			// a dead letter keeps a copy of the event: none is made of an erased one
			logger.info("'{}' gave up on {} after {} attempt(s), not dead-lettered: its entity was erased ({})", name,
					ConsumerWorker.describe(event), attempts, cause);
			return;
		}
		DeadLetterStore store = this.runner.deadLetters;
		if (store == null) {
			// JournalConsumers checks
			throw new IllegalStateException("'" + name + "' has no dead-letter store");
		}
		this.runner.telemetry.deadLetter(name, event, cause);
		DeadLetter stored = store
			.add(new DeadLetter(0, name, event.persistenceId(), event.sequenceNr(), event.position(), event.eventType(),
					event.payload(), event.writeTime(), metadata(event), cause, attempts, this.runner.clock.instant()));
		if (isErased(event)) {
			// erased while it was being stored: the erasure may have deleted the entity's
			// dead letters before it
			store.delete(stored.id());
			logger.info("'{}' gave up on {} after {} attempt(s); its dead letter was deleted: its entity was erased "
					+ "meanwhile ({})", name, ConsumerWorker.describe(event), attempts, cause);
			return;
		}
		logger.warn("'{}' gave up on {} after {} attempt(s) (dead-lettered): {}", name, ConsumerWorker.describe(event),
				attempts, cause);
	}

	/**
	 * Whether an event's entity was erased up to it (the engine's erasure marker says
	 * so).
	 */
	private boolean isErased(PersistedEvent event) {
		ErasureStore erasures = this.runner.runtime.erasureStore();
		if (erasures == null) {
			return false;
		}
		ErasureMarker marker = erasures.get(event.persistenceId());
		return marker != null && event.sequenceNr() <= marker.erasedToSequenceNr();
	}

	/**
	 * The metadata a dead letter keeps: the event's, plus its data key id when it is
	 * encrypted.
	 */
	private static Map<String, String> metadata(PersistedEvent event) {
		if (event.keyId() == null) {
			return event.metadata();
		}
		Map<String, String> metadata = new HashMap<>(event.metadata());
		metadata.put(DEAD_LETTER_KEY_ID, event.keyId());
		return Map.copyOf(metadata);
	}

	/**
	 * Hands a dead letter to the consumer again, serialized with the worker whose slices
	 * hold it (after the batch it is handling) and, for a transactional projection, in
	 * one transaction with the deletion of the letter (a dead-letter store on the same
	 * database deletes it in that transaction). It is decrypted and adapted as the
	 * journal's rows are.
	 * @param id the dead letter's id
	 * @param store the dead-letter store
	 * @return whether the consumer succeeded (the letter is then deleted); {@code false}
	 * keeps the letter
	 * @throws IllegalArgumentException when there is no such dead letter (any more)
	 * @throws IllegalStateException when another instance runs the worker of the letter's
	 * slices: retry it there
	 */
	boolean retry(long id, DeadLetterStore store) {
		ConsumerRunner runner = this.runner;
		String kind = runner.delivery.kind();
		DeadLetter letter = requireLetter(id, store);
		ConsumerWorker worker = runner.workerOf(PersistedEvent.sliceOf(letter.persistenceId()));
		if (worker.lease.get() == null) {
			Instant now = runner.clock.instant();
			for (Lease lease : runner.offsets.leases(runner.name)) {
				if (lease.partition().equals(worker.partition) && !lease.owner().equals(runner.instanceId)
						&& !lease.isExpiredAt(now)) {
					throw new IllegalStateException("dead letter " + id + " of " + kind + " '" + runner.name
							+ "' lies in the slices of worker " + worker.partition + ", which runs on instance '"
							+ lease.owner() + "': retry it there (this is instance '" + runner.instanceId + "')");
				}
			}
		}
		worker.handling.lock();
		try {
			DeadLetter current = requireLetter(id, store);
			if (runner.settings.transactional() && runner.transactions != null) {
				try {
					runner.transactions.inTransaction(() -> {
						try {
							redeliver(current);
						}
						catch (Exception ex) {
							throw new RetryFailed(ex);
						}
						store.delete(id);
						return null;
					});
				}
				catch (RetryFailed ex) {
					throw (Exception) ex.getCause();
				}
			}
			else {
				redeliver(current);
				store.delete(id);
			}
			logger.info("Dead letter {} of {} '{}' ({}#{}) handled and deleted", id, kind, runner.name,
					current.persistenceId(), current.sequenceNr());
			return true;
		}
		catch (Exception ex) {
			logger.warn("Retry of dead letter {} of {} '{}' ({}#{}) failed; it stays a dead letter: {}", id, kind,
					runner.name, letter.persistenceId(), letter.sequenceNr(), ConsumerWorker.describe(ex));
			return false;
		}
		finally {
			worker.handling.unlock();
		}
	}

	private static DeadLetter requireLetter(long id, DeadLetterStore store) {
		DeadLetter letter = store.get(id);
		if (letter == null) {
			throw new IllegalArgumentException("no dead letter with id " + id);
		}
		return letter;
	}

	/** Hands the row a dead letter keeps to the consumer again. */
	private void redeliver(DeadLetter letter) throws Exception {
		Map<String, String> metadata = letter.metadata();
		@Nullable String keyId = metadata.get(DEAD_LETTER_KEY_ID);
		if (keyId != null) {
			metadata = new HashMap<>(metadata);
			metadata.remove(DEAD_LETTER_KEY_ID);
			metadata = Map.copyOf(metadata);
		}
		String persistenceId = letter.persistenceId();
		String entityType = persistenceId.substring(0, Math.max(0, persistenceId.indexOf('|')));
		PersistedEvent event = new PersistedEvent(persistenceId, entityType, letter.sequenceNr(), letter.position(),
				PersistedEvent.sliceOf(persistenceId), letter.eventType(), letter.payload(), letter.writeTime(),
				metadata, keyId);
		this.runner.delivery.redeliver(new EventReader(this.runner.runtime, this.runner.readsStates), event);
	}

	/** A retried handler failed inside the transaction: rolls it back. */
	private static final class RetryFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		RetryFailed(Exception cause) {
			super(null, cause, false, false);
		}

	}

}
