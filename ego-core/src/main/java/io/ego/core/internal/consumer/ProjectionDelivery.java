package io.ego.core.internal.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.ego.core.internal.runtime.Backoff;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionContext;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.PersistedEvent;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A projection's delivery: hands each row to the handler under the recovery policy
 * (retries with the settings' {@link Backoff}, then fail or skip to a dead letter) and
 * commits the offset after the batch, or — for a transactional projection — in one
 * transaction with the batch (and, once a batch fails, one transaction per row, so that
 * the policy applies to the failing row alone).
 *
 * @author eGo team
 * @since 0.1.0
 */
final class ProjectionDelivery implements Delivery {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionDelivery.class);

	private final ConsumerRunner runner;

	private final Projection handler;

	private final @Nullable ProjectionTransactions transactions;

	private final Backoff retries;

	/** The projection and the version this delivery writes. */
	private final ProjectionContext context;

	ProjectionDelivery(ConsumerRunner runner, Projection handler, @Nullable ProjectionTransactions transactions,
			ProjectionContext context) {
		this.runner = runner;
		this.handler = handler;
		this.context = context;
		this.transactions = transactions;
		this.retries = Backoff.exponential(runner.settings.retryDelay());
	}

	@Override
	public String kind() {
		return "projection";
	}

	@Override
	public Result deliver(WorkerRun run, List<PersistedEvent> batch) {
		ProjectionTransactions transactional = this.runner.settings.transactional() ? this.transactions : null;
		return (transactional != null) ? handleTransactional(run, batch, transactional) : handleBatch(run, batch);
	}

	@Override
	public void redeliver(EventReader reader, PersistedEvent row) throws Exception {
		for (EventEnvelope envelope : reader.envelopes(row)) {
			if (EventReader.isErasure(envelope)) {
				this.handler.onErased(envelope, this.context);
			}
			else {
				this.handler.handle(envelope, this.context);
			}
		}
	}

	/** Handles a batch, committing the offset once at the end. */
	private Result handleBatch(WorkerRun run, List<PersistedEvent> batch) {
		long last = run.committed();
		for (PersistedEvent event : batch) {
			Outcome outcome = handleWithPolicy(run, event, () -> deliver(run, event));
			if (outcome == Outcome.STOPPED) {
				return run.commit(last) ? Result.DONE : Result.MOVED;
			}
			if (outcome == Outcome.GAVE_UP) {
				run.commit(last);
				return Result.GAVE_UP;
			}
			last = event.position();
		}
		return run.commit(last) ? Result.DONE : Result.MOVED;
	}

	/**
	 * Hands a row to the handler: each of its envelopes to {@code handle}, erasures to
	 * {@code onErased}.
	 */
	private void deliver(WorkerRun run, PersistedEvent event) throws Exception {
		run.handling(event);
		redeliver(run.worker.reader, event);
	}

	/**
	 * Handles a batch in one transaction with its offset commit; when a handler fails,
	 * handles the events one transaction each, so the policy applies to the failing event
	 * alone.
	 */
	private Result handleTransactional(WorkerRun run, List<PersistedEvent> batch, ProjectionTransactions transactions) {
		String partition = run.worker.partition;
		long last = batch.get(batch.size() - 1).position();
		try {
			transactions.inTransaction(() -> {
				for (PersistedEvent event : batch) {
					Observation observation = this.runner.telemetry.projectionEvent(this.runner.name, partition, event);
					try {
						deliver(run, event);
					}
					catch (Throwable ex) {
						Telemetry.stop(observation, "failed", ex);
						throw new BatchFailed(event, ex);
					}
					Telemetry.stop(observation, "handled", null);
				}
				run.commitInTransaction(last);
				return null;
			});
			run.committed(last);
			return Result.DONE;
		}
		catch (WorkerRun.Moved ex) {
			return Result.MOVED;
		}
		catch (BatchFailed ex) {
			// once per batch: the events are handled again one transaction each, where
			// the policy applies
			logger.warn(
					"Projection '{}' worker {}: a batch of {} event(s) was rolled back, failing on {}: {}; "
							+ "handling its events one transaction each",
					this.runner.name, partition, batch.size(), ConsumerWorker.describe(ex.event),
					ConsumerWorker.describe(
							Objects.requireNonNull(ex.getCause(), "a BatchFailed carries the handler's failure")));
			this.runner.metrics.batchFailed(partition);
		}
		try {
			for (PersistedEvent event : batch) {
				// every attempt is a transaction of its own: a failed attempt's writes
				// roll back with it
				Outcome outcome = handleWithPolicy(run, event, () -> {
					try {
						transactions.inTransaction(() -> {
							try {
								deliver(run, event);
							}
							catch (Throwable ex) {
								throw new BatchFailed(event, ex);
							}
							run.commitInTransaction(event.position());
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
						run.commitInTransaction(event.position());
						return null;
					});
				}
				run.committed(event.position());
			}
			return Result.DONE;
		}
		catch (WorkerRun.Moved ex) {
			return Result.MOVED;
		}
	}

	/** One attempt at handling an event. */
	@FunctionalInterface
	private interface Attempt {

		void run() throws Throwable;

	}

	private Outcome handleWithPolicy(WorkerRun run, PersistedEvent event, Attempt attempt) {
		Observation observation = this.runner.telemetry.projectionEvent(this.runner.name, run.worker.partition, event);
		Outcome outcome;
		try {
			outcome = attempts(run, event, attempt, observation);
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

	private Outcome attempts(WorkerRun run, PersistedEvent event, Attempt handling, @Nullable Observation observation) {
		RecoveryPolicy policy = this.runner.settings.recovery();
		boolean retries = policy == RecoveryPolicy.RETRY_AND_FAIL || policy == RecoveryPolicy.RETRY_AND_SKIP;
		for (int attempt = 1;; attempt++) {
			try {
				handling.run();
				return Outcome.HANDLED;
			}
			catch (WorkerRun.Moved | WorkerRun.CommitFailed ex) {
				throw ex; // the offset store's answer, not the handler's failure
			}
			catch (Throwable ex) {
				if (observation != null) {
					observation.event(Observation.Event.of("attempt.failed", "attempt " + attempt + " failed: " + ex));
				}
				if (retries && attempt <= this.runner.settings.retries()) {
					Duration delay = this.retries.delayAfter(attempt);
					logger.debug("Projection '{}' failed on {} (attempt {}), retrying in {}", this.runner.name,
							ConsumerWorker.describe(event), attempt, delay, ex);
					run.sleep(delay);
					if (run.stopRequested) {
						return Outcome.STOPPED;
					}
					continue;
				}
				if (policy == RecoveryPolicy.FAIL || policy == RecoveryPolicy.RETRY_AND_FAIL) {
					this.runner.failed(run.worker, "handler failed on " + ConsumerWorker.describe(event) + " after "
							+ attempt + " attempt(s): " + ConsumerWorker.describe(ex));
					return Outcome.GAVE_UP;
				}
				this.runner.deadLettering.add(event, ex, attempt);
				return Outcome.SKIPPED;
			}
		}
	}

	private enum Outcome {

		HANDLED, SKIPPED, GAVE_UP, STOPPED

	}

	/**
	 * A handler failed inside a transaction: rolls the transaction back, carrying the
	 * event it failed on.
	 */
	private static final class BatchFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient PersistedEvent event;

		BatchFailed(PersistedEvent event, Throwable cause) {
			super(null, cause, false, false);
			this.event = event;
		}

	}

}
