package io.ego.core.internal.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ego.core.store.Lease;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether other application instances share this engine's stores, from the leases
 * behind its journal consumers' workers: an unexpired lease (a worker's or a member
 * slot's) held by another owner than {@link EngineRuntime#instanceId()} means that
 * another instance is alive. Read at most once per {@link #REFRESH} (the answer is cached
 * in between), on the thread that asks; a failed read counts as "others alive", the safe
 * answer. Without an offset store or consumers there is no registry: only this instance
 * is known.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class InstanceRegistry {

	private static final Logger logger = LoggerFactory.getLogger(InstanceRegistry.class);

	/** How long an answer is reused before the leases are read again. */
	public static final Duration REFRESH = Duration.ofSeconds(1);

	private final @Nullable OffsetStore offsets;

	private final List<String> leaseConsumers;

	private final String instanceId;

	private final Clock clock;

	private final long refreshNanos;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile boolean known;

	private volatile boolean othersAlive;

	private volatile long checkedAtNanos;

	/**
	 * Creates a registry.
	 * @param offsets the offset store holding the leases, or {@code null}
	 * @param leaseConsumers the offset-store consumers whose leases to read (workers' and
	 * member slots')
	 * @param instanceId this instance's id
	 * @param clock the clock leases are stamped with
	 * @param refresh how long an answer is reused
	 */
	public InstanceRegistry(@Nullable OffsetStore offsets, List<String> leaseConsumers, String instanceId, Clock clock,
			Duration refresh) {
		this.offsets = offsets;
		this.leaseConsumers = List.copyOf(leaseConsumers);
		this.instanceId = instanceId;
		this.clock = clock;
		this.refreshNanos = refresh.toNanos();
	}

	/**
	 * @param instanceId this instance's id
	 * @return a registry that knows of no other instance
	 */
	public static InstanceRegistry none(String instanceId) {
		return new InstanceRegistry(null, List.of(), instanceId, Clock.systemUTC(), REFRESH);
	}

	/**
	 * @return whether the registry can tell anything (an offset store and consumers)
	 */
	public boolean isAvailable() {
		return this.offsets != null && !this.leaseConsumers.isEmpty();
	}

	/**
	 * Tells whether another instance holds an unexpired lease; reads the leases when the
	 * cached answer is older than the refresh period.
	 * @return whether other instances are alive
	 */
	public boolean othersAlive() {
		if (!isAvailable()) {
			return false;
		}
		if (!this.known) {
			refresh();
		}
		else if (System.nanoTime() - this.checkedAtNanos >= this.refreshNanos
				&& this.refreshing.compareAndSet(false, true)) {
			try {
				refresh();
			}
			finally {
				this.refreshing.set(false);
			}
		}
		return this.othersAlive;
	}

	private void refresh() {
		long started = System.nanoTime();
		boolean alive;
		try {
			alive = readLeases();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the instance registry (consumer leases); assuming other instances: {}",
					ex.toString());
			alive = true;
		}
		this.othersAlive = alive;
		this.checkedAtNanos = started;
		this.known = true;
	}

	private boolean readLeases() {
		OffsetStore store = this.offsets;
		if (store == null) {
			return false;
		}
		Instant now = this.clock.instant();
		for (String consumer : this.leaseConsumers) {
			for (Lease lease : store.leases(consumer)) {
				if (!lease.owner().equals(this.instanceId) && !lease.isExpiredAt(now)) {
					return true;
				}
			}
		}
		return false;
	}

}
