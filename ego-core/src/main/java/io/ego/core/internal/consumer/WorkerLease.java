package io.ego.core.internal.consumer;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.ego.core.store.Lease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease this instance holds on one {@link ConsumerWorker}, or none: acquired, renewed
 * and handed back by the runner's {@link LeaseKeeper}, checked by the worker's run before
 * it reads. A renewal or a drop applies only to the holding (the token) it names, so that
 * a late one never touches a later holding.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class WorkerLease {

	private static final Logger logger = LoggerFactory.getLogger(WorkerLease.class);

	private final ConsumerRunner runner;

	private final String partition;

	private final AtomicReference<@Nullable Lease> held = new AtomicReference<>();

	WorkerLease(ConsumerRunner runner, String partition) {
		this.runner = runner;
		this.partition = partition;
	}

	/**
	 * @return the lease this instance holds on the worker, or {@code null}
	 */
	@Nullable Lease get() {
		return this.held.get();
	}

	/** Holds a lease just acquired. */
	void hold(Lease acquired) {
		this.held.set(acquired);
	}

	/**
	 * Replaces the held lease by a renewal of the same holding, unless it was dropped or
	 * taken away meanwhile.
	 * @param renewed the renewed lease
	 * @return whether the worker still held that holding
	 */
	boolean renewed(Lease renewed) {
		for (;;) {
			Lease current = this.held.get();
			if (current == null || current.token() != renewed.token()) {
				return false;
			}
			if (this.held.compareAndSet(current, renewed)) {
				return true;
			}
		}
	}

	/**
	 * Drops the held lease when it is still the holding of a token (lost, or given back
	 * by the run holding it).
	 */
	void drop(long token) {
		for (;;) {
			Lease current = this.held.get();
			if (current == null || current.token() != token || this.held.compareAndSet(current, null)) {
				return;
			}
		}
	}

	/**
	 * @return the held lease, no longer held by the worker (to hand it back), or
	 * {@code null}
	 */
	@Nullable Lease take() {
		return this.held.getAndSet(null);
	}

	/**
	 * Tells whether a run still holds the worker's lease; an expired one (the keeper
	 * could not renew it in time) is renewed here before anything more is read.
	 * @return whether it holds it, or {@code null} when that is unknown (the store
	 * failed)
	 */
	@Nullable Boolean heldBy(WorkerRun run) {
		Lease current = this.held.get();
		if (current == null || current.token() != run.lease.token()) {
			return false;
		}
		Instant now = this.runner.clock.instant();
		if (!current.isExpiredAt(now)) {
			return true;
		}
		try {
			Lease renewed = this.runner.offsets.renew(current, now, this.runner.settings.leaseDuration());
			if (renewed == null) {
				drop(current.token());
				return false;
			}
			// false when the keeper handed the worker back meanwhile
			return renewed(renewed);
		}
		catch (Exception ex) {
			logger.warn("Projection '{}' worker {} could not renew its expired lease: {}", this.runner.name,
					this.partition, ex.getMessage());
			return null;
		}
	}

}
