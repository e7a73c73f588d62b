package io.ego.core.internal.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ego.core.UnknownMessageTypeException;
import io.ego.core.adapter.EventAdapterException;
import io.ego.core.encryption.EncryptionException;
import io.ego.core.internal.runtime.Backoff;
import io.ego.core.internal.telemetry.Telemetry;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.store.PersistedEvent;
import io.micrometer.observation.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher's delivery (event publishers, and state publishers through
 * {@link StateFeed#publisher}): publishes a batch at once; outages are retried with the
 * settings' {@link Backoff} until they pass (nothing is skipped); a poison failure makes
 * it publish the rows one by one, so that only the offending row is dead-lettered, after
 * its retries.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class PublisherDelivery implements Delivery {

	private static final Logger logger = LoggerFactory.getLogger(PublisherDelivery.class);

	private final ConsumerRunner runner;

	private final EventPublisher publisher;

	private final Backoff retries;

	PublisherDelivery(ConsumerRunner runner, EventPublisher publisher) {
		this.runner = runner;
		this.publisher = publisher;
		this.retries = Backoff.exponential(runner.settings.retryDelay());
	}

	@Override
	public String kind() {
		return "publisher";
	}

	@Override
	public Result deliver(WorkerRun run, List<PersistedEvent> batch) {
		String name = this.runner.name;
		String partition = run.worker.partition;
		List<EventEnvelope> envelopes = new ArrayList<>(batch.size());
		try {
			for (PersistedEvent event : batch) {
				addPublished(run.worker.reader, envelopes, event);
			}
		}
		catch (RuntimeException unreadable) {
			return publishOneByOne(run, batch);
		}
		long last = batch.get(batch.size() - 1).position();
		if (envelopes.isEmpty()) {
			// erasures only, skipped
			return run.commit(last) ? Result.DONE : Result.MOVED;
		}
		for (int attempt = 1;; attempt++) {
			Observation observation = this.runner.telemetry.publish(name, partition, envelopes.size());
			try {
				this.publisher.publish(envelopes);
				Telemetry.stop(observation, "success", null);
			}
			catch (Exception ex) {
				Telemetry.stop(observation, "failure", ex);
				if (this.publisher.isPoison(ex)) {
					return publishOneByOne(run, batch);
				}
				Duration delay = this.retries.delayAfter(attempt);
				logger.warn("Publisher '{}' worker {} could not publish {} event(s) (retrying in {}): {}", name,
						partition, envelopes.size(), delay, ex.toString());
				run.sleep(delay);
				if (run.stopRequested) {
					return Result.DONE;
				}
				continue;
			}
			return run.commit(last) ? Result.DONE : Result.MOVED;
		}
	}

	private Result publishOneByOne(WorkerRun run, List<PersistedEvent> batch) {
		for (PersistedEvent event : batch) {
			int poisonAttempts = 0;
			for (int attempt = 1;; attempt++) {
				Observation observation = this.runner.telemetry.publish(this.runner.name, run.worker.partition, 1);
				try {
					run.handling(event);
					List<EventEnvelope> envelopes = new ArrayList<>(1);
					addPublished(run.worker.reader, envelopes, event);
					if (!envelopes.isEmpty()) {
						this.publisher.publish(envelopes);
					}
					Telemetry.stop(observation, "success", null);
				}
				catch (Exception ex) {
					Telemetry.stop(observation, "failure", ex);
					// an event that cannot be read back is as permanent a failure as one
					// the sink refuses
					boolean poison = unreadable(ex) || this.publisher.isPoison(ex);
					if (poison && ++poisonAttempts > this.runner.settings.retries()) {
						this.runner.deadLettering.add(event, ex, poisonAttempts);
					}
					else {
						run.sleep(this.retries.delayAfter(attempt));
						if (run.stopRequested) {
							return Result.DONE;
						}
						continue;
					}
				}
				if (!run.commit(event.position())) {
					return Result.MOVED;
				}
				break;
			}
		}
		return Result.DONE;
	}

	@Override
	public void redeliver(EventReader reader, PersistedEvent row) throws Exception {
		for (EventEnvelope envelope : reader.envelopes(row)) {
			if (!EventReader.isErasure(envelope)) {
				this.publisher.publish(List.of(envelope));
			}
		}
	}

	/**
	 * Adds what a publisher receives of a row: its envelopes, without erasures unless it
	 * asks for them.
	 */
	private void addPublished(EventReader reader, List<EventEnvelope> envelopes, PersistedEvent event) {
		boolean erasures = this.publisher.receivesErasures();
		for (EventEnvelope envelope : reader.envelopes(event)) {
			if (erasures || !EventReader.isErasure(envelope)) {
				envelopes.add(envelope);
			}
		}
	}

	/** Whether a failure means the row cannot be read back (a permanent failure). */
	private static boolean unreadable(Throwable failure) {
		return failure instanceof UnknownMessageTypeException || failure instanceof EncryptionException
				|| failure instanceof EventAdapterException;
	}

}
