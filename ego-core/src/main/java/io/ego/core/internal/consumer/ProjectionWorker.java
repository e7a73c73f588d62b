package io.ego.core.internal.consumer;

import io.ego.core.internal.telemetry.Telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.ego.core.EgoException;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.DeadLetter;
import io.ego.core.store.Lease;
import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a projection: reads its slice range of the journal by position, hands each event to the handler
 * under the recovery policy, and commits its offset after the handler succeeded (at-least-once), or in the same
 * transaction (transactional projections).
 * <p>
 * It runs only while this instance holds its {@link Lease lease}, one {@link Run run} (thread) at a time: every run
 * has its own stop token, so that a run asked to stop can never be revived by a later start. Commits are
 * compare-and-set from the stored offset the batch started from, fenced by the lease's token: when one is refused
 * (the offset moved: another instance, a stray thread, a rebuild elsewhere), the worker reads its offset again and
 * goes on from there, so that no batch is committed twice and no offset moves backwards.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class ProjectionWorker {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionWorker.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private final ProjectionRunner runner;

	final int minSlice;

	final int maxSlice;

	final String partition;

	/** The position this worker has read and committed up to, as this instance last saw it. */
	volatile long committed;

	/** The stored offset the next commit expects, {@link OffsetStore#NO_OFFSET} when none is stored yet. */
	private volatile long expected = OffsetStore.NO_OFFSET;

	volatile boolean paused;

	/** The lease this instance holds on the worker, or {@code null}; renewed by the runner's lease keeper. */
	private final AtomicReference<@Nullable Lease> lease = new AtomicReference<>();

	/** Set when the stored offset moved under the worker (a rebuild on another instance): it reads it again. */
	volatile boolean reload;

	/** Held while a batch is handled; a dead-letter retry of the worker's slices takes it too. */
	final ReentrantLock handling = new ReentrantLock();

	private volatile @Nullable Run run;

	/** The event the current run is handling, for messages. */
	private volatile @Nullable PersistedEvent current;

	/** Decrypts and adapts; used by the current run's thread only. */
	private final EventReader reader;

	ProjectionWorker(ProjectionRunner runner, int minSlice, int maxSlice) {
		this.runner = runner;
		this.reader = new EventReader(runner.runtime, runner.states);
		this.minSlice = minSlice;
		this.maxSlice = maxSlice;
		this.partition = minSlice + "-" + maxSlice;
	}

	/**
	 * Starts a run under a lease.
	 * @param lease the lease this instance holds
	 * @param paused whether the run starts paused
	 * @throws IllegalStateException when the previous run has not ended (two threads would read the same slices)
	 */
	void start(Lease lease, boolean paused) {
		if (isRunning()) {
			throw new IllegalStateException("projection '" + this.runner.name + "' worker " + this.partition
					+ " is still running");
		}
		this.paused = paused;
		Run next = new Run(lease);
		this.run = next;
		next.thread.start();
	}

	/** @return the lease this instance holds on the worker, or {@code null} */
	@Nullable Lease lease() {
		return this.lease.get();
	}

	/**
	 * Holds a lease just acquired.
	 * @param acquired the lease
	 */
	void hold(Lease acquired) {
		this.lease.set(acquired);
	}

	/**
	 * Replaces the held lease by a renewal of the same holding, unless it was dropped or taken away meanwhile.
	 * @param renewed the renewed lease
	 * @return whether the worker still held that holding
	 */
	boolean renewed(Lease renewed) {
		for (;;) {
			Lease current = this.lease.get();
			if (current == null || current.token() != renewed.token()) {
				return false;
			}
			if (this.lease.compareAndSet(current, renewed)) {
				return true;
			}
		}
	}

	/**
	 * Drops the held lease when it is still the holding of a token (lost, or given back by the run holding it).
	 * @param token the holding's token
	 */
	void drop(long token) {
		for (;;) {
			Lease current = this.lease.get();
			if (current == null || current.token() != token || this.lease.compareAndSet(current, null)) {
				return;
			}
		}
	}

	/** @return the held lease, no longer held by the worker (to hand it back), or {@code null} */
	@Nullable Lease take() {
		return this.lease.getAndSet(null);
	}

	/** @return whether a run's thread is alive (handling, waiting for events, or finishing a batch) */
	boolean isRunning() {
		Run running = this.run;
		return running != null && running.thread.isAlive();
	}

	/**
	 * Asks the current run to stop after the event it is handling.
	 * @param handBack whether the run gives its lease back when it has ended (to another instance)
	 */
	void requestStop(boolean handBack) {
		Run running = this.run;
		if (running != null) {
			running.handBack |= handBack;
			running.stopRequested = true;
		}
	}

	/**
	 * Waits, with no time limit, until the current run has ended: however long its batch takes, a new run never
	 * starts beside it.
	 * @throws EgoException when the waiting thread is interrupted (nothing may be started then)
	 */
	void awaitStopped() {
		Run running = this.run;
		if (running == null || running.thread == Thread.currentThread() || !running.thread.isAlive()) {
			return;
		}
		logger.info("Waiting for projection '{}' worker {} to finish {} (no time limit)", this.runner.name,
				this.partition, handlingNow());
		try {
			running.thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EgoException("interrupted while waiting for projection '" + this.runner.name + "' worker "
					+ this.partition + " to finish " + handlingNow(), ex);
		}
	}

	/**
	 * Waits until the current run has ended or a deadline passed (engine shutdown).
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} units
	 * @return whether the run has ended
	 */
	boolean awaitStopped(long deadlineNanos) {
		Run running = this.run;
		if (running == null || running.thread == Thread.currentThread()) {
			return true;
		}
		try {
			long remaining = Math.max(deadlineNanos - System.nanoTime(), 1);
			return running.thread.join(Duration.ofNanos(remaining));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !running.thread.isAlive();
		}
	}

	/** @return what the current run is handling, for messages */
	String handlingNow() {
		PersistedEvent event = this.current;
		return (event != null) ? describe(event) : "its batch";
	}

	private void run(Run run) {
		try {
			loop(run);
		}
		catch (Throwable ex) {
			// nothing may end a worker silently: an error the loop does not handle stops the projection, visibly
			this.runner.failed(this, "worker " + this.partition + " stopped on " + describe(ex));
		}
		finally {
			this.current = null;
			if (run.handBack) {
				this.runner.release(this, run.lease);
			}
		}
	}

	private void loop(Run run) {
		long pullNanos = this.runner.settings.pullInterval().toNanos();
		Duration backoff = FIRST_BACKOFF;
		boolean load = true;
		while (!run.stopRequested) {
			if (load || this.reload) {
				this.reload = false;
				try {
					loadOffset();
					load = false;
				}
				catch (Exception ex) {
					logger.warn("Projection '{}' worker {} could not read its offset (retrying in {}): {}",
							this.runner.name, this.partition, backoff, ex.getMessage());
					sleep(run, backoff);
					backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
					continue;
				}
			}
			if (this.paused) {
				this.runner.signal.sleep(pullNanos);
				continue;
			}
			Boolean held = holdsLease(run);
			if (held == null) {
				sleep(run, backoff);
				backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
				continue;
			}
			if (!held) {
				logger.info("Projection '{}' worker {} no longer holds its lease here; it stops on this instance",
						this.runner.name, this.partition);
				return;
			}
			this.runner.signal.arm();
			List<PersistedEvent> batch;
			try {
				batch = this.runner.events.eventsAfter(this.committed, this.minSlice, this.maxSlice,
						this.runner.settings.bufferSize());
				backoff = FIRST_BACKOFF;
			}
			catch (Exception ex) {
				// an outage: retried; an Error is no outage and reaches run(), which fails the projection
				logger.warn("Projection '{}' worker {} could not read the journal (retrying in {}): {}",
						this.runner.name, this.partition, backoff, ex.getMessage());
				sleep(run, backoff);
				backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
				continue;
			}
			if (batch.isEmpty()) {
				this.runner.signal.await(pullNanos);
				continue;
			}
			Result result;
			this.handling.lock();
			try {
				if (run.stopRequested) {
					return;
				}
				result = handle(run, batch);
			}
			catch (Exception ex) {
				// the offset store failed, perhaps after the commit took effect: read the offset again, then go on
				logger.warn("Projection '{}' worker {} could not commit its offset (reading it again in {}): {}",
						this.runner.name, this.partition, backoff, ex.getMessage());
				load = true;
				sleep(run, backoff);
				backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
				continue;
			}
			finally {
				this.current = null;
				this.handling.unlock();
			}
			if (result == Result.GAVE_UP) {
				return;
			}
			if (result == Result.MOVED) {
				logger.info("Projection '{}' worker {}: the offset moved since the batch started from {} (another "
						+ "instance, a stray writer or a rebuild); reading it again", this.runner.name, this.partition,
						this.expected);
				load = true;
			}
		}
	}

	/** Handles one batch, in an observation. */
	private Result handle(Run run, List<PersistedEvent> batch) {
		io.micrometer.observation.Observation observation = this.runner.telemetry.projectionBatch(this.runner.name,
				this.partition, batch.size());
		try {
			Result result = (this.runner.publisher != null) ? publishBatch(run, batch)
					: this.runner.settings.transactional() ? handleTransactional(run, batch) : handleBatch(run, batch);
			Telemetry.stop(observation, "success", null);
			return result;
		}
		catch (Throwable ex) {
			Telemetry.stop(observation, "failure", ex);
			throw ex;
		}
	}

	/**
	 * Tells whether the run still holds the worker's lease; an expired one (the keeper could not renew it in time)
	 * is renewed here before anything more is read.
	 * @return whether it holds it, or {@code null} when that is unknown (the store failed)
	 */
	private @Nullable Boolean holdsLease(Run run) {
		Lease held = this.lease.get();
		if (held == null || held.token() != run.lease.token()) {
			return false;
		}
		Instant now = this.runner.clock.instant();
		if (!held.isExpiredAt(now)) {
			return true;
		}
		try {
			Lease renewed = this.runner.offsets.renew(held, now, this.runner.settings.leaseDuration());
			if (renewed == null) {
				drop(held.token());
				return false;
			}
			return renewed(renewed); // false when the keeper handed the worker back meanwhile
		}
		catch (Exception ex) {
			logger.warn("Projection '{}' worker {} could not renew its expired lease: {}", this.runner.name,
					this.partition, ex.getMessage());
			return null;
		}
	}

	/** Reads the worker's stored offset: where it goes on from, and what its next commit expects. */
	private void loadOffset() {
		Offset own = this.runner.offsets.get(this.runner.name, this.partition);
		if (own != null) {
			this.expected = own.position();
			this.committed = own.position();
			return;
		}
		this.expected = OffsetStore.NO_OFFSET;
		this.committed = this.runner.startPosition(this, this.runner.offsets.load(this.runner.name));
	}

	/** Handles a batch, committing the offset once at the end. */
	private Result handleBatch(Run run, List<PersistedEvent> batch) {
		long last = this.committed;
		for (PersistedEvent event : batch) {
			Outcome outcome = handleWithPolicy(run, event, () -> deliver(event));
			if (outcome == Outcome.STOPPED) {
				return commit(run, last) ? Result.DONE : Result.MOVED;
			}
			if (outcome == Outcome.GAVE_UP) {
				commit(run, last);
				return Result.GAVE_UP;
			}
			last = event.position();
		}
		return commit(run, last) ? Result.DONE : Result.MOVED;
	}

	/**
	 * Publishes a batch: outages are retried with backoff until they pass (nothing is skipped); a poison failure
	 * makes the worker publish the events one by one, so that only the offending event is dead-lettered.
	 */
	private Result publishBatch(Run run, List<PersistedEvent> batch) {
		io.ego.core.publisher.EventPublisher publisher = this.runner.publisher;
		List<EventEnvelope> envelopes = new java.util.ArrayList<>(batch.size());
		try {
			for (PersistedEvent event : batch) {
				addPublished(envelopes, event);
			}
		}
		catch (RuntimeException unreadable) {
			return publishOneByOne(run, batch);
		}
		long last = batch.get(batch.size() - 1).position();
		if (envelopes.isEmpty()) {
			return commit(run, last) ? Result.DONE : Result.MOVED; // erasures only, skipped
		}
		Duration backoff = this.runner.settings.retryDelay();
		for (;;) {
			io.micrometer.observation.Observation observation = this.runner.telemetry.publish(this.runner.name,
					this.partition, envelopes.size());
			try {
				publisher.publish(envelopes);
				Telemetry.stop(observation, "success", null);
			}
			catch (Exception ex) {
				Telemetry.stop(observation, "failure", ex);
				if (publisher.isPoison(ex)) {
					return publishOneByOne(run, batch);
				}
				logger.warn("Publisher '{}' worker {} could not publish {} event(s) (retrying in {}): {}",
						this.runner.name, this.partition, envelopes.size(), backoff, ex.toString());
				sleep(run, backoff);
				backoff = min(backoff.multipliedBy(2).plusMillis(1), MAX_BACKOFF);
				if (run.stopRequested) {
					return Result.DONE;
				}
				continue;
			}
			return commit(run, last) ? Result.DONE : Result.MOVED;
		}
	}

	private Result publishOneByOne(Run run, List<PersistedEvent> batch) {
		io.ego.core.publisher.EventPublisher publisher = this.runner.publisher;
		for (PersistedEvent event : batch) {
			Duration backoff = this.runner.settings.retryDelay();
			int poisonAttempts = 0;
			for (;;) {
				Exception failure;
				io.micrometer.observation.Observation observation = this.runner.telemetry.publish(this.runner.name,
						this.partition, 1);
				try {
					this.current = event;
					List<EventEnvelope> envelopes = new java.util.ArrayList<>(1);
					addPublished(envelopes, event);
					if (!envelopes.isEmpty()) {
						publisher.publish(envelopes);
					}
					Telemetry.stop(observation, "success", null);
				}
				catch (Exception ex) {
					Telemetry.stop(observation, "failure", ex);
					failure = ex;
					// an event that cannot be read back is as permanent a failure as one the sink refuses
					boolean poison = unreadable(failure) || publisher.isPoison(failure);
					if (poison && ++poisonAttempts > this.runner.settings.retries()) {
						deadLetter(event, failure, poisonAttempts);
					}
					else {
						sleep(run, backoff);
						backoff = min(backoff.multipliedBy(2).plusMillis(1), MAX_BACKOFF);
						if (run.stopRequested) {
							return Result.DONE;
						}
						continue;
					}
				}
				if (!commit(run, event.position())) {
					return Result.MOVED;
				}
				break;
			}
		}
		return Result.DONE;
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
		this.current = event;
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
		io.ego.core.store.ErasureStore erasures = this.runner.runtime.erasureStore();
		if (erasures == null) {
			return false;
		}
		io.ego.core.store.ErasureMarker marker = erasures.get(event.persistenceId());
		return marker != null && event.sequenceNr() <= marker.erasedToSequenceNr();
	}

	/**
	 * Handles a batch in one transaction with its offset commit; when a handler fails, handles the events one
	 * transaction each, so the policy applies to the failing event alone.
	 */
	private Result handleTransactional(Run run, List<PersistedEvent> batch) {
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
				commitInTransaction(run, last);
				return null;
			});
			committed(last);
			return Result.DONE;
		}
		catch (Moved ex) {
			return Result.MOVED;
		}
		catch (BatchFailed ex) {
			// once per batch: the events are handled again one transaction each, where the policy applies
			logger.warn("Projection '{}' worker {}: a batch of {} event(s) was rolled back, failing on {}: {}; "
					+ "handling its events one transaction each", this.runner.name, this.partition, batch.size(),
					describe(ex.event), describe(ex.getCause()));
			this.runner.metrics.batchFailed(this.partition);
		}
		try {
			for (PersistedEvent event : batch) {
				// every attempt is a transaction of its own: a failed attempt's writes roll back with it
				Outcome outcome = handleWithPolicy(run, event, () -> {
					try {
						transactions.inTransaction(() -> {
							try {
								deliver(event);
							}
							catch (Throwable ex) {
								throw new BatchFailed(event, ex);
							}
							commitInTransaction(run, event.position());
							return null;
						});
					}
					catch (BatchFailed ex) {
						throw ex.getCause();
					}
				});
				if (outcome == Outcome.STOPPED) {
					return Result.DONE;
				}
				if (outcome == Outcome.GAVE_UP) {
					return Result.GAVE_UP;
				}
				if (outcome == Outcome.SKIPPED) {
					transactions.inTransaction(() -> {
						commitInTransaction(run, event.position());
						return null;
					});
				}
				committed(event.position());
			}
			return Result.DONE;
		}
		catch (Moved ex) {
			return Result.MOVED;
		}
	}

	/** One attempt at handling an event. */
	@FunctionalInterface
	private interface Attempt {

		void run() throws Throwable;

	}

	private Outcome handleWithPolicy(Run run, PersistedEvent event, Attempt attempt) {
		RecoveryPolicy policy = this.runner.settings.recovery();
		boolean retries = policy == RecoveryPolicy.RETRY_AND_FAIL || policy == RecoveryPolicy.RETRY_AND_SKIP;
		Duration delay = this.runner.settings.retryDelay();
		io.micrometer.observation.Observation observation = this.runner.telemetry.projectionEvent(this.runner.name,
				this.partition, event);
		Outcome outcome;
		try {
			outcome = handleWithPolicy(run, event, attempt, policy, retries, delay, observation);
		}
		catch (Throwable ex) {
			Telemetry.stop(observation, "failed", ex);
			throw ex;
		}
		Telemetry.stop(observation, switch (outcome) {
			case HANDLED -> "handled";
			case SKIPPED -> "skipped";
			case GAVE_UP -> "failed";
			case STOPPED -> "stopped";
		}, null);
		return outcome;
	}

	private Outcome handleWithPolicy(Run run, PersistedEvent event, Attempt handling, RecoveryPolicy policy,
			boolean retries, Duration delay, io.micrometer.observation.@Nullable Observation observation) {
		for (int attempt = 1;; attempt++) {
			try {
				handling.run();
				return Outcome.HANDLED;
			}
			catch (Moved | CommitFailed ex) {
				throw ex; // the offset store's answer, not the handler's failure
			}
			catch (Throwable ex) {
				if (observation != null) {
					observation.event(io.micrometer.observation.Observation.Event.of("ego.projection.attempt.failed",
							"attempt " + attempt + " failed: " + ex));
				}
				if (retries && attempt <= this.runner.settings.retries()) {
					logger.debug("Projection '{}' failed on {} (attempt {}), retrying in {}", this.runner.name,
							describe(event), attempt, delay, ex);
					sleep(run, delay);
					delay = min(delay.multipliedBy(2), MAX_BACKOFF);
					if (run.stopRequested) {
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

	/** Commits outside a transaction; returns false when the commit was refused (the offset moved, the lease lost). */
	private boolean commit(Run run, long position) {
		if (position == this.committed) {
			return true;
		}
		if (!this.runner.offsets.commit(run.lease, this.expected, offset(position))) {
			return false;
		}
		committed(position);
		return true;
	}

	/** Commits inside the caller's transaction; a refusal rolls the transaction back. */
	private void commitInTransaction(Run run, long position) {
		boolean stored;
		try {
			stored = this.runner.offsets.commit(run.lease, this.expected, offset(position));
		}
		catch (RuntimeException ex) {
			throw new CommitFailed(ex);
		}
		if (!stored) {
			throw new Moved();
		}
	}

	private void committed(long position) {
		this.expected = position;
		this.committed = position;
	}

	private Offset offset(long position) {
		return new Offset(this.runner.name, this.partition, position, Instant.now(this.runner.clock));
	}

	/** Describes a failure for a status or a log line: its class and message. */
	static String describe(Throwable failure) {
		return failure.getClass().getName() + ": " + failure.getMessage();
	}

	/** Names an event for a status or a log line: {@code persistence-id#sequence-nr (position p)}. */
	static String describe(PersistedEvent event) {
		return event.persistenceId() + "#" + event.sequenceNr() + " (position " + event.position() + ")";
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private void sleep(Run run, Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		long remaining;
		while (!run.stopRequested && (remaining = deadline - System.nanoTime()) > 0) {
			java.util.concurrent.locks.LockSupport.parkNanos(this, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
		}
	}

	/** One run of the worker: one thread, with its own stop token and the lease it runs under. */
	private final class Run {

		final Lease lease;

		final Thread thread;

		volatile boolean stopRequested;

		volatile boolean handBack;

		Run(Lease lease) {
			this.lease = lease;
			this.thread = Thread.ofVirtual()
				.name("ego-projection-" + ProjectionWorker.this.runner.name + "-" + ProjectionWorker.this.partition)
				.unstarted(() -> ProjectionWorker.this.run(this));
		}

	}

	private enum Outcome {

		HANDLED, SKIPPED, GAVE_UP, STOPPED

	}

	/** What became of a batch. */
	private enum Result {

		/** Handled and committed (or the run was asked to stop part-way, after committing what it handled). */
		DONE,

		/** The policy gave up: the projection fails. */
		GAVE_UP,

		/** A commit was refused: the stored offset moved, or the lease was taken over. */
		MOVED

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

	/** A commit inside a transaction was refused: rolls the transaction back. */
	private static final class Moved extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Moved() {
			super("offset commit refused", null, false, false);
		}

	}

	/** The offset store failed inside a transaction: rolls it back; the worker reads its offset again. */
	private static final class CommitFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CommitFailed(RuntimeException cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

}
