package io.ego.cluster.hazelcast.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.ego.cluster.hazelcast.HazelcastCommandRouter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} of this member of eGo's cluster (health component
 * {@code egoCluster}): {@code UP} when the Hazelcast member runs and the cluster is safe
 * (no partition migrating, every backup in sync), {@code OUT_OF_SERVICE} while it is not
 * (after a member joined or left) or when the members do not answer within the timeout,
 * {@code DOWN} when the member is not running; with the cluster's name, its member count,
 * this member and the partitions it owns.
 * <p>
 * The safety check asks the other members: it runs on a virtual thread, awaited within
 * the timeout, and is not started again while it runs, so a health request never waits
 * longer than the timeout.
 *
 * @author eGo team
 * @since 0.3.0
 */
public class EgoClusterHealthIndicator implements HealthIndicator {

	/** The default bound of the safety check. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private final HazelcastCommandRouter router;

	private final Duration timeout;

	private @Nullable CompletableFuture<Boolean> safety;

	/**
	 * Creates the indicator of a router's member, bounded by {@link #DEFAULT_TIMEOUT}.
	 * @param router the router
	 */
	public EgoClusterHealthIndicator(HazelcastCommandRouter router) {
		this(router, DEFAULT_TIMEOUT);
	}

	/**
	 * Creates the indicator of a router's member.
	 * @param router the router
	 * @param timeout the bound of the safety check, positive
	 */
	public EgoClusterHealthIndicator(HazelcastCommandRouter router, Duration timeout) {
		if (!timeout.isPositive()) {
			throw new IllegalArgumentException("'timeout' must be positive but was " + timeout);
		}
		this.router = router;
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		HazelcastInstance hazelcast = this.router.hazelcast();
		if (!hazelcast.getLifecycleService().isRunning()) {
			return Health.down().withDetail("reason", "the Hazelcast member is not running").build();
		}
		try {
			Member local = hazelcast.getCluster().getLocalMember();
			Health.Builder health;
			Object safe;
			try {
				boolean clusterSafe = safety(hazelcast).get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
				safe = clusterSafe;
				health = clusterSafe ? Health.up()
						: Health.outOfService()
							.withDetail("reason",
									"the cluster is not safe: partitions are migrating or backups are not in sync");
			}
			catch (TimeoutException ex) {
				safe = "unknown";
				health = Health.outOfService()
					.withDetail("reason",
							"the members did not tell whether the cluster is safe within " + this.timeout);
			}
			return health.withDetail("cluster", hazelcast.getConfig().getClusterName())
				.withDetail("members", hazelcast.getCluster().getMembers().size())
				.withDetail("member", local.getUuid() + " " + local.getAddress())
				.withDetail("ownedPartitions", this.router.ownedPartitions())
				.withDetail("partitions", hazelcast.getPartitionService().getPartitions().size())
				.withDetail("clusterSafe", safe)
				.build();
		}
		catch (ExecutionException ex) {
			return down(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return down(ex);
		}
		catch (HazelcastInstanceNotActiveException ex) {
			return down(ex);
		}
	}

	private static Health down(@Nullable Throwable cause) {
		return Health.down().withDetail("reason", "the Hazelcast member is not running: " + cause).build();
	}

	/**
	 * @return the safety check running, else a new one
	 */
	private synchronized CompletableFuture<Boolean> safety(HazelcastInstance hazelcast) {
		CompletableFuture<Boolean> running = this.safety;
		if (running != null && !running.isDone()) {
			return running;
		}
		CompletableFuture<Boolean> check = new CompletableFuture<>();
		this.safety = check;
		Thread.ofVirtual().name("ego-cluster-health").start(() -> {
			try {
				check.complete(hazelcast.getPartitionService().isClusterSafe());
			}
			catch (Throwable ex) {
				check.completeExceptionally(ex);
			}
		});
		return check;
	}

}
