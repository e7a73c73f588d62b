package io.ego.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.Offset;
import io.ego.core.store.PersistedEvent;
import io.ego.core.projection.ProjectionTransactions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a projection: reads its slice range of the journal by position, hands each event to the handler
 * under the recovery policy, and commits its offset after the handler succeeded (at-least-once), or in the same
 * transaction (transactional projections).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class ProjectionWorker {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionWorker.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private final ProjectionRunner runner;

	final int minSlice;

	final int maxSlice;

	final String partition;

	volatile long committed;

	volatile boolean paused;

	private volatile boolean stopRequested;

	private @Nullable Thread thread;

	/** Decrypts and adapts; used by this worker's thread only. */
	private final EventReader reader;

	ProjectionWorker(ProjectionRunner runner, int minSlice, int maxSlice) {
		this.runner = runner;
		this.reader = new EventReader(runner.runtime, runner.states);
		this.minSlice = minSlice;
		this.maxSlice = maxSlice;
		this.partition = minSlice + "-" + maxSlice;
	}

	void start(boolean paused) {
		this.paused = paused;
		this.stopRequested = false;
		this.thread = Thread.ofVirtual().name("ego-projection-" + this.runner.name + "-" + this.partition).start(this::run);
	}

	void requestStop() {
		this.stopRequested = true;
	}

	void join() {
		Thread running = this.thread;
		if (running != null && running != Thread.currentThread()) {
			try {
				running.join(Duration.ofSeconds(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
	}

	private void run() {
		try {
			loop();
		}
		catch (Throwable ex) {
			// nothing may end a worker silently: an error the loop does not handle stops the projection, visibly
			this.runner.failed(this, "worker " + this.partition + " stopped on " + describe(ex));
		}
	}

	private void loop() {
		long pullNanos = this.runner.settings.pullInterval().toNanos();
		Duration readBackoff = Duration.ofMillis(100);
		while (!this.stopRequested) {
			if (this.paused) {
				this.runner.signal.sleep(pullNanos);
				continue;
			}
			this.runner.signal.arm();
			List<PersistedEvent> batch;
			try {
				batch = this.runner.events.eventsAfter(this.committed, this.minSlice, this.maxSlice,
						this.runner.settings.bufferSize());
				readBackoff = Duration.ofMillis(100);
			}
			catch (Exception ex) {
				// an outage: retried; an Error is no outage and reaches run(), which fails the projection
				logger.warn("Projection '{}' worker {} could not read the journal (retrying in {}): {}",
						this.runner.name, this.partition, readBackoff, ex.getMessage());
				sleep(readBackoff);
				readBackoff = min(readBackoff.multipliedBy(2), MAX_BACKOFF);
				continue;
			}
			if (batch.isEmpty()) {
				this.runner.signal.await(pullNanos);
				continue;
			}
			boolean ok;
			io.micrometer.observation.Observation observation = this.runner.telemetry.projectionBatch(this.runner.name,
					this.partition, batch.size());
			try {
				ok = (this.runner.publisher != null) ? publishBatch(batch)
						: this.runner.settings.transactional() ? handleTransactional(batch) : handleBatch(batch);
				Telemetry.stop(observation, "success", null);
			}
			catch (Exception ex) {
				Telemetry.stop(observation, "failure", ex);
				// the offset store failed: nothing after the last commit counts as handled; read again
				logger.warn("Projection '{}' worker {} could not commit its offset (retrying in {}): {}",
						this.runner.name, this.partition, readBackoff, ex.getMessage());
				sleep(readBackoff);
				readBackoff = min(readBackoff.multipliedBy(2), MAX_BACKOFF);
				continue;
			}
			catch (Error ex) {
				Telemetry.stop(observation, "failure", ex);
				throw ex;
			}
			if (!ok) {
				return;
			}
		}
	}

	/** Describes a failure for a status or a log line: its class and message. */
	static String describe(Throwable failure) {
		return failure.getClass().getName() + ": " + failure.getMessage();
	}

	/** Names an event for a status or a log line: {@code persistence-id#sequence-nr (position p)}. */
	static String describe(PersistedEvent event) {
		return event.persistenceId() + "#" + event.sequenceNr() + " (position " + event.position() + ")";
	}

	/** Handles a batch, committing the offset once at the end; returns false when the projection must stop. */
	private boolean handleBatch(List<PersistedEvent> batch) {
		long last = this.committed;
		for (PersistedEvent event : batch) {
			Outcome outcome = handleWithPolicy(event);
			if (outcome == Outcome.STOPPED) {
				commit(last);
				return true;
			}
			if (outcome == Outcome.GAVE_UP) {
				commit(last);
				return false;
			}
			last = event.position();
		}
		commit(last);
		return true;
	}

	/**
	 * Publishes a batch: outages are retried with backoff until they pass (nothing is skipped); a poison failure
	 * makes the worker publish the events one by one, so that only the offending event is dead-lettered.
	 */
	private boolean publishBatch(List<PersistedEvent> batch) {
		io.ego.core.publisher.EventPublisher publisher = this.runner.publisher;
		List<EventEnvelope> envelopes = new java.util.ArrayList<>(batch.size());
		try {
			for (PersistedEvent event : batch) {
				addPublished(envelopes, event);
			}
		}
		catch (RuntimeException unreadable) {
			return publishOneByOne(batch);
		}
		if (envelopes.isEmpty()) {
			commit(batch.get(batch.size() - 1).position()); // erasures only, skipped
			return true;
		}
		Duration backoff = this.runner.settings.retryDelay();
		for (;;) {
			io.micrometer.observation.Observation observation = this.runner.telemetry.publish(this.runner.name,
					this.partition, envelopes.size());
			try {
				publisher.publish(envelopes);
				Telemetry.stop(observation, "success", null);
				commit(batch.get(batch.size() - 1).position());
				return true;
			}
			catch (Exception ex) {
				Telemetry.stop(observation, "failure", ex);
				if (publisher.isPoison(ex)) {
					return publishOneByOne(batch);
				}
				logger.warn("Publisher '{}' worker {} could not publish {} event(s) (retrying in {}): {}",
						this.runner.name, this.partition, envelopes.size(), backoff, ex.toString());
				sleep(backoff);
				backoff = min(backoff.multipliedBy(2).plusMillis(1), MAX_BACKOFF);
				if (this.stopRequested) {
					return true;
				}
			}
		}
	}

	private boolean publishOneByOne(List<PersistedEvent> batch) {
		io.ego.core.publisher.EventPublisher publisher = this.runner.publisher;
		for (PersistedEvent event : batch) {
			Duration backoff = this.runner.settings.retryDelay();
			int poisonAttempts = 0;
			for (;;) {
				Exception failure;
				io.micrometer.observation.Observation observation = this.runner.telemetry.publish(this.runner.name,
						this.partition, 1);
				try {
					List<EventEnvelope> envelopes = new java.util.ArrayList<>(1);
					addPublished(envelopes, event);
					if (!envelopes.isEmpty()) {
						publisher.publish(envelopes);
					}
					Telemetry.stop(observation, "success", null);
					commit(event.position());
					break;
				}
				catch (Exception ex) {
					Telemetry.stop(observation, "failure", ex);
					failure = ex;
				}
				// an event that cannot be read back is as permanent a failure as one the sink refuses
				boolean poison = unreadable(failure) || publisher.isPoison(failure);
				if (poison && ++poisonAttempts > this.runner.settings.retries()) {
					deadLetter(event, failure, poisonAttempts);
					commit(event.position());
					break;
				}
				sleep(backoff);
				backoff = min(backoff.multipliedBy(2).plusMillis(1), MAX_BACKOFF);
				if (this.stopRequested) {
					return true;
				}
			}
		}
		return true;
	}

	/** Adds what a publisher receives of a journal row: its envelopes, without erasures unless it asks for them. */
	private void addPublished(List<EventEnvelope> envelopes, PersistedEvent event) {
		boolean erasures = this.runner.publisher.receivesErasures();
		for (EventEnvelope envelope : this.reader.envelopes(event)) {
			if (erasures || !EventReader.isErasure(envelope)) {
				envelopes.add(envelope);
			}
		}
	}

	/** Whether a failure means the event cannot be read back (a permanent failure). */
	private static boolean unreadable(Throwable failure) {
		return failure instanceof io.ego.core.UnknownMessageTypeException
				|| failure instanceof io.ego.core.encryption.EncryptionException
				|| failure instanceof io.ego.core.adapter.EventAdapterException;
	}

	/** Hands a journal row to the projection: each of its envelopes to {@code handle}, erasures to {@code onErased}. */
	private void deliver(PersistedEvent event) throws Exception {
		for (EventEnvelope envelope : this.reader.envelopes(event)) {
			if (EventReader.isErasure(envelope)) {
				this.runner.handler.onErased(envelope);
			}
			else {
				this.runner.handler.handle(envelope);
			}
		}
	}

	private void deadLetter(PersistedEvent event, Throwable failure, int attempts) {
		String cause = describe(failure);
		if (isErased(event)) {
			// a dead letter keeps a copy of the event: none is made of an erased one
			logger.info("'{}' gave up on {} after {} attempt(s), not dead-lettered: its entity was erased ({})",
					this.runner.name, describe(event), attempts, cause);
			return;
		}
		this.runner.telemetry.deadLetter(this.runner.name, event, cause);
		DeadLetter stored = this.runner.deadLetters.add(new DeadLetter(0, this.runner.name, event.persistenceId(),
				event.sequenceNr(), event.position(), event.eventType(), event.payload(), event.writeTime(),
				ProjectionRunner.deadLetterMetadata(event), cause, attempts, this.runner.clock.instant()));
		if (isErased(event)) {
			// erased while it was being stored: the erasure may have deleted the entity's dead letters before it
			this.runner.deadLetters.delete(stored.id());
			logger.info("'{}' gave up on {} after {} attempt(s); its dead letter was deleted: its entity was erased "
					+ "meanwhile ({})", this.runner.name, describe(event), attempts, cause);
			return;
		}
		logger.warn("'{}' gave up on {} after {} attempt(s) (dead-lettered): {}", this.runner.name, describe(event),
				attempts, cause);
	}

	/** Whether an event's entity was erased up to it (the engine's erasure marker says so). */
	private boolean isErased(PersistedEvent event) {
		io.ego.core.store.ErasureStore erasures = this.runner.runtime.erasureStore;
		if (erasures == null) {
			return false;
		}
		io.ego.core.store.ErasureMarker marker = erasures.get(event.persistenceId());
		return marker != null && event.sequenceNr() <= marker.erasedToSequenceNr();
	}

	/**
	 * Handles a batch in one transaction with its offset commit; when that fails, handles the events one
	 * transaction each, so the policy applies to the failing event alone.
	 */
	private boolean handleTransactional(List<PersistedEvent> batch) {
		ProjectionTransactions transactions = this.runner.transactions;
		long last = batch.get(batch.size() - 1).position();
		try {
			transactions.inTransaction(() -> {
				for (PersistedEvent event : batch) {
					io.micrometer.observation.Observation observation = this.runner.telemetry
						.projectionEvent(this.runner.name, this.partition, event);
					try {
						deliver(event);
					}
					catch (Throwable ex) {
						Telemetry.stop(observation, "failed", ex);
						throw new BatchFailed(event, ex);
					}
					Telemetry.stop(observation, "handled", null);
				}
				saveOffset(last);
				return null;
			});
			this.committed = last;
			return true;
		}
		catch (BatchFailed ex) {
			// once per batch: the events are handled again one transaction each, where the policy applies
			logger.warn("Projection '{}' worker {}: a batch of {} event(s) was rolled back, failing on {}: {}; "
					+ "handling its events one transaction each", this.runner.name, this.partition, batch.size(),
					describe(ex.event), describe(ex.getCause()));
			this.runner.metrics.batchFailed(this.partition);
		}
		for (PersistedEvent event : batch) {
			// every attempt is a transaction of its own: a failed attempt's writes roll back with it
			Outcome outcome = handleWithPolicy(event, () -> {
				try {
					transactions.inTransaction(() -> {
						try {
							deliver(event);
						}
						catch (Throwable ex) {
							throw new BatchFailed(event, ex);
						}
						saveOffset(event.position());
						return null;
					});
				}
				catch (BatchFailed ex) {
					throw ex.getCause();
				}
			});
			if (outcome == Outcome.STOPPED) {
				return true;
			}
			if (outcome == Outcome.GAVE_UP) {
				return false;
			}
			if (outcome == Outcome.SKIPPED) {
				transactions.inTransaction(() -> {
					saveOffset(event.position());
					return null;
				});
			}
			this.committed = event.position();
		}
		return true;
	}

	/** One attempt at handling an event. */
	@FunctionalInterface
	private interface Attempt {

		void run() throws Throwable;

	}

	private Outcome handleWithPolicy(PersistedEvent event) {
		return handleWithPolicy(event, () -> deliver(event));
	}

	private Outcome handleWithPolicy(PersistedEvent event, Attempt attempt) {
		RecoveryPolicy policy = this.runner.settings.recovery();
		boolean retries = policy == RecoveryPolicy.RETRY_AND_FAIL || policy == RecoveryPolicy.RETRY_AND_SKIP;
		Duration delay = this.runner.settings.retryDelay();
		io.micrometer.observation.Observation observation = this.runner.telemetry.projectionEvent(this.runner.name,
				this.partition, event);
		Outcome outcome = handleWithPolicy(event, attempt, policy, retries, delay, observation);
		Telemetry.stop(observation, switch (outcome) {
			case HANDLED -> "handled";
			case SKIPPED -> "skipped";
			case GAVE_UP -> "failed";
			case STOPPED -> "stopped";
		}, null);
		return outcome;
	}

	private Outcome handleWithPolicy(PersistedEvent event, Attempt handling, RecoveryPolicy policy, boolean retries,
			Duration delay, io.micrometer.observation.@Nullable Observation observation) {
		for (int attempt = 1;; attempt++) {
			try {
				handling.run();
				return Outcome.HANDLED;
			}
			catch (Throwable ex) {
				if (observation != null) {
					observation.event(io.micrometer.observation.Observation.Event.of("ego.projection.attempt.failed",
							"attempt " + attempt + " failed: " + ex));
				}
				if (retries && attempt <= this.runner.settings.retries()) {
					logger.debug("Projection '{}' failed on {} (attempt {}), retrying in {}", this.runner.name, event,
							attempt, delay, ex);
					sleep(delay);
					delay = min(delay.multipliedBy(2), MAX_BACKOFF);
					if (this.stopRequested) {
						return Outcome.STOPPED;
					}
					continue;
				}
				if (policy == RecoveryPolicy.FAIL || policy == RecoveryPolicy.RETRY_AND_FAIL) {
					this.runner.failed(this, "handler failed on " + describe(event) + " after " + attempt
							+ " attempt(s): " + describe(ex));
					return Outcome.GAVE_UP;
				}
				deadLetter(event, ex, attempt);
				return Outcome.SKIPPED;
			}
		}
	}

	private void commit(long position) {
		if (position != this.committed) {
			saveOffset(position);
			this.committed = position;
		}
	}

	private void saveOffset(long position) {
		this.runner.offsets.save(new Offset(this.runner.name, this.partition, position, Instant.now(this.runner.clock)));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private void sleep(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		long remaining;
		while (!this.stopRequested && (remaining = deadline - System.nanoTime()) > 0) {
			java.util.concurrent.locks.LockSupport.parkNanos(this, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
		}
	}

	private enum Outcome {

		HANDLED, SKIPPED, GAVE_UP, STOPPED

	}

	/** A handler failed inside a transaction: rolls the transaction back, carrying the event it failed on. */
	private static final class BatchFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient PersistedEvent event;

		BatchFailed(PersistedEvent event, Throwable cause) {
			super(null, cause, false, false);
			this.event = event;
		}

	}

}
