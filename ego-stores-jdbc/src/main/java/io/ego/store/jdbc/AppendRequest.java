package io.ego.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.ego.core.store.PersistedEvent;
import io.ego.core.store.StoreException;
import io.ego.core.store.StoreOutcomeUnknownException;

/**
 * One entity's append waiting for the journal writer: validated events, their encoded metadata and the caller's
 * future.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class AppendRequest implements AppendQueue.Entry {

	private final String persistenceId;

	private final long expectedSequenceNr;

	private final List<PersistedEvent> events;

	private final List<byte[]> metadata;

	private final CompletableFuture<Void> result = new CompletableFuture<>();

	/** Whether the writer called commit on a transaction holding these events; read and written by the writer. */
	private boolean commitAttempted;

	private AppendRequest(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events,
			List<byte[]> metadata) {
		this.persistenceId = persistenceId;
		this.expectedSequenceNr = expectedSequenceNr;
		this.events = events;
		this.metadata = metadata;
	}

	/**
	 * Validates an append before it is queued, so that bad input fails without touching the database.
	 * @param persistenceId the entity
	 * @param expectedSequenceNr the sequence number the writer expects to be the entity's last
	 * @param events the events
	 * @param maxPayloadSize the largest payload and encoded metadata in bytes
	 * @return the request
	 * @throws IllegalArgumentException when the events do not continue the history or do not fit the columns
	 */
	static AppendRequest of(String persistenceId, long expectedSequenceNr, List<PersistedEvent> events,
			int maxPayloadSize) {
		Checks.identifier("persistence id", persistenceId);
		if (events.isEmpty()) {
			throw new IllegalArgumentException("no events to append for '" + persistenceId + "'");
		}
		if (expectedSequenceNr < 0) {
			throw new IllegalArgumentException("expected sequence number of '" + persistenceId
					+ "' must be >= 0 but was " + expectedSequenceNr);
		}
		List<byte[]> metadata = new ArrayList<>(events.size());
		long seq = expectedSequenceNr;
		for (PersistedEvent event : events) {
			if (!event.persistenceId().equals(persistenceId) || event.sequenceNr() != ++seq) {
				throw new IllegalArgumentException("event " + event + " does not continue the history of '"
						+ persistenceId + "' at sequence number " + seq);
			}
			Checks.identifier("entity type", event.entityType());
			Checks.identifier("event type", event.eventType());
			Checks.optionalIdentifier("key id", event.keyId());
			Checks.slice(event.slice());
			Checks.size("payload of " + event, event.payload().length, maxPayloadSize);
			byte[] encoded = MetadataCodec.encode(event.metadata());
			Checks.size("metadata of " + event, encoded.length, maxPayloadSize);
			metadata.add(encoded);
		}
		return new AppendRequest(persistenceId, expectedSequenceNr, List.copyOf(events), metadata);
	}

	@Override
	public String persistenceId() {
		return this.persistenceId;
	}

	long expectedSequenceNr() {
		return this.expectedSequenceNr;
	}

	List<PersistedEvent> events() {
		return this.events;
	}

	/** @return the encoded metadata of each event, empty arrays for no metadata */
	List<byte[]> metadata() {
		return this.metadata;
	}

	@Override
	public int size() {
		return this.events.size();
	}

	boolean isDone() {
		return this.result.isDone();
	}

	/** Records that the writer is about to commit these events: from now on, a failure leaves the outcome unknown. */
	void committing() {
		this.commitAttempted = true;
	}

	boolean commitAttempted() {
		return this.commitAttempted;
	}

	void complete() {
		this.result.complete(null);
	}

	void fail(RuntimeException failure) {
		this.result.completeExceptionally(failure);
	}

	/**
	 * Waits until the writer answered. The wait cannot be cut short: once the request is queued, the writer may
	 * write it at any time, so only its answer tells whether the events were written. An interrupt that arrives
	 * while waiting (or before) is kept, and the interrupt flag is set again when this method returns or throws.
	 * @throws StoreException when the append failed (an {@code AppendConflictException} on a conflict, a
	 * {@code StoreOutcomeUnknownException} when the events may or may not have been written)
	 */
	void await() {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					this.result.get();
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof RuntimeException failure) {
						throw failure;
					}
					throw new StoreOutcomeUnknownException("append to '" + this.persistenceId
							+ "' failed; the events may or may not have been written", ex.getCause());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
