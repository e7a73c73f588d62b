package io.ego.core.internal.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.ego.core.store.Lease;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of one projection's workers on this instance. Every renewal interval
 * it renews what it holds (a worker whose lease was taken over stops here), holds a
 * member slot so that the instances running the projection know of each other, and
 * balances the workers: with {@code N} members and {@code W} workers, the member in the
 * {@code i}-th slot (in slot order) runs {@code W / N} workers, plus one when
 * {@code i < W % N}. It gives workers back beyond its share and acquires free or expired
 * ones up to it; instances beyond {@code W} hold no slot and stand by. Ticks run under
 * the runner's operations lock, so that they never race a start, stop or rebuild.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class LeaseKeeper {

	private static final Logger logger = LoggerFactory.getLogger(LeaseKeeper.class);

	/**
	 * Prefix of the offset-store consumer whose leases are a projection's member slots.
	 */
	static final String MEMBERS_PREFIX = "$members:";

	private final ConsumerRunner runner;

	private final OffsetStore offsets;

	private final String owner;

	private final String members;

	/**
	 * The member slot this instance holds, or {@code null}; guarded by the runner's
	 * operations lock.
	 */
	private @Nullable Lease slot;

	private volatile @Nullable Thread thread;

	LeaseKeeper(ConsumerRunner runner) {
		this.runner = runner;
		this.offsets = runner.offsets;
		this.owner = runner.instanceId;
		this.members = MEMBERS_PREFIX + runner.name;
	}

	/** Starts renewing in the background; a no-op when it runs. */
	void start() {
		Thread running = this.thread;
		if (running != null && running.isAlive()) {
			return;
		}
		Thread next = Thread.ofVirtual().name("ego-leases-" + this.runner.name).unstarted(this::loop);
		this.thread = next;
		next.start();
	}

	/** Stops renewing: the thread ends at its next wake-up, without ticking again. */
	void stop() {
		Thread running = this.thread;
		this.thread = null;
		if (running != null) {
			LockSupport.unpark(running);
		}
	}

	private void loop() {
		Thread me = Thread.currentThread();
		long interval = this.runner.settings.leaseRenewInterval().toNanos();
		while (this.thread == me) {
			long deadline = System.nanoTime() + interval;
			long remaining;
			while (this.thread == me && (remaining = deadline - System.nanoTime()) > 0) {
				LockSupport.parkNanos(this, remaining);
			}
			try {
				this.runner.tick(() -> this.thread == me);
			}
			catch (Throwable ex) {
				// the keeper must survive anything: a worker whose lease is not renewed
				// stops by itself
				logger.warn("Projection '{}' could not renew or balance its leases (retrying in {}): {}",
						this.runner.name, this.runner.settings.leaseRenewInterval(), ConsumerWorker.describe(ex));
			}
		}
	}

	/**
	 * Renews, balances and acquires leases; called with the runner's operations lock
	 * held.
	 * @param workers the runner's workers
	 * @param balance whether to balance and acquire too: not while the projection failed
	 * here, whose workers keep their leases (and their slices stay here) until an
	 * operator starts or stops it
	 * @return the workers that hold a lease here
	 */
	List<ConsumerWorker> tick(List<ConsumerWorker> workers, boolean balance) {
		Instant now = this.runner.clock.instant();
		Duration duration = this.runner.settings.leaseDuration();
		for (ConsumerWorker worker : workers) {
			Lease held = worker.lease.get();
			if (held != null) {
				Lease renewed = this.offsets.renew(held, now, duration);
				if (renewed == null) {
					lost(worker, held);
				}
				else {
					worker.lease.renewed(renewed);
				}
			}
		}
		int quota = quota(workers.size(), now, duration);
		List<ConsumerWorker> holding = new ArrayList<>();
		for (ConsumerWorker worker : workers) {
			if (worker.lease.get() != null) {
				holding.add(worker);
			}
		}
		if (!balance) {
			return holding;
		}
		while (holding.size() > quota) {
			handBack(holding.remove(holding.size() - 1));
		}
		if (holding.size() < quota) {
			Map<String, Lease> current = new HashMap<>();
			for (Lease lease : this.offsets.leases(this.runner.name)) {
				current.put(lease.partition(), lease);
			}
			for (ConsumerWorker worker : workers) {
				if (holding.size() >= quota) {
					break;
				}
				Lease other = current.get(worker.partition);
				if (worker.lease.get() != null || worker.isRunning()
						|| (other != null && !other.owner().equals(this.owner) && !other.isExpiredAt(now))) {
					continue; // held here already, still handing back, or held elsewhere
				}
				Lease acquired = this.offsets.acquire(this.runner.name, worker.partition, this.owner, now, duration);
				if (acquired != null) {
					if (other != null && !other.owner().equals(this.owner)) {
						logger.info("Projection '{}' worker {}: took over the expired lease of instance '{}'",
								this.runner.name, worker.partition, other.owner());
					}
					worker.lease.hold(acquired);
					holding.add(worker);
				}
			}
		}
		holding.sort(Comparator.comparingInt((worker) -> worker.range.min()));
		return holding;
	}

	/**
	 * Renews or acquires this instance's member slot, then computes its share of the
	 * workers.
	 * @return how many workers this instance should run
	 */
	private int quota(int workers, Instant now, Duration duration) {
		Lease held = this.slot;
		if (held != null) {
			held = this.offsets.renew(held, now, duration);
		}
		List<Lease> live = new ArrayList<>();
		for (Lease member : this.offsets.leases(this.members)) {
			if (!member.isExpiredAt(now) || (held != null && member.partition().equals(held.partition()))) {
				live.add(member);
			}
		}
		if (held == null) {
			for (int index = 0; index < workers && held == null; index++) {
				String partition = Integer.toString(index);
				if (live.stream().noneMatch((member) -> member.partition().equals(partition))) {
					held = this.offsets.acquire(this.members, partition, this.owner, now, duration);
					if (held != null) {
						live.add(held);
					}
				}
			}
		}
		this.slot = held;
		if (held == null) {
			return 0; // more instances than workers: this one stands by
		}
		live.sort(Comparator.comparingInt((member) -> Integer.parseInt(member.partition())));
		String mine = held.partition();
		int rank = 0;
		while (rank < live.size() && !live.get(rank).partition().equals(mine)) {
			rank++;
		}
		int count = live.size();
		return workers / count + ((rank < workers % count) ? 1 : 0);
	}

	private void lost(ConsumerWorker worker, Lease held) {
		worker.lease.drop(held.token());
		worker.requestStop(false);
		logger.warn("Projection '{}' worker {} lost its lease (another instance took it over after it expired); "
				+ "it stops here", this.runner.name, worker.partition);
	}

	private void handBack(ConsumerWorker worker) {
		Lease held = worker.lease.take();
		if (held == null) {
			return;
		}
		logger.info("Projection '{}' worker {}: handing it to another instance (balancing)", this.runner.name,
				worker.partition);
		if (worker.isRunning()) {
			// its run gives the lease back when its batch is done
			worker.requestStop(true);
			this.runner.signal.wakeAll();
		}
		else {
			releaseQuietly(held);
		}
	}

	/**
	 * Gives back the leases of every worker (stopped) and the member slot (graceful
	 * stop).
	 */
	void releaseAll(List<ConsumerWorker> workers) {
		for (ConsumerWorker worker : workers) {
			releaseHeld(worker);
		}
		releaseSlot();
	}

	/** Gives back the lease a worker (stopped) holds, if any. */
	void releaseHeld(ConsumerWorker worker) {
		Lease held = worker.lease.take();
		if (held != null) {
			releaseQuietly(held);
		}
	}

	/**
	 * Called by a run that handed its worker back, once it has ended: gives the lease
	 * back.
	 * @param worker the worker
	 * @param lease the lease the run held
	 */
	void release(ConsumerWorker worker, Lease lease) {
		worker.lease.drop(lease.token());
		releaseQuietly(lease);
	}

	/** Gives the member slot back (graceful stop). */
	void releaseSlot() {
		Lease held = this.slot;
		this.slot = null;
		if (held != null) {
			releaseQuietly(held);
		}
	}

	void releaseQuietly(Lease lease) {
		try {
			this.offsets.release(lease);
		}
		catch (Exception ex) {
			logger.warn("Projection '{}' could not give back its lease on {} (it expires at {}): {}", this.runner.name,
					lease.partition(), lease.expiresAt(), ex.getMessage());
		}
	}

}
