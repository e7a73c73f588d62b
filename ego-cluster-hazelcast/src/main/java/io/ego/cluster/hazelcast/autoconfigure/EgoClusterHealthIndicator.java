package io.ego.cluster.hazelcast.autoconfigure;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.ego.cluster.hazelcast.HazelcastCommandRouter;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} of this member of eGo's cluster (health component
 * {@code egoCluster}): {@code UP} when the Hazelcast member runs and the cluster is safe
 * (no partition migrating, every backup in sync), {@code OUT_OF_SERVICE} while it is not
 * (after a member joined or left), {@code DOWN} when the member is not running; with the
 * cluster's name, its member count, this member and the partitions it owns.
 *
 * @author eGo team
 * @since 0.3.0
 */
public class EgoClusterHealthIndicator implements HealthIndicator {

	private final HazelcastCommandRouter router;

	/**
	 * Creates the indicator of a router's member.
	 * @param router the router
	 */
	public EgoClusterHealthIndicator(HazelcastCommandRouter router) {
		this.router = router;
	}

	@Override
	public Health health() {
		HazelcastInstance hazelcast = this.router.hazelcast();
		if (!hazelcast.getLifecycleService().isRunning()) {
			return Health.down().withDetail("reason", "the Hazelcast member is not running").build();
		}
		try {
			Member local = hazelcast.getCluster().getLocalMember();
			int members = hazelcast.getCluster().getMembers().size();
			boolean safe = hazelcast.getPartitionService().isClusterSafe();
			Health.Builder health = safe ? Health.up() : Health.outOfService()
				.withDetail("reason", "the cluster is not safe: partitions are migrating or backups are not in sync");
			return health.withDetail("cluster", hazelcast.getConfig().getClusterName())
				.withDetail("members", members)
				.withDetail("member", local.getUuid() + " " + local.getAddress())
				.withDetail("ownedPartitions", this.router.ownedPartitions())
				.withDetail("partitions", hazelcast.getPartitionService().getPartitions().size())
				.withDetail("clusterSafe", safe)
				.build();
		}
		catch (HazelcastInstanceNotActiveException ex) {
			return Health.down()
				.withDetail("reason", "the Hazelcast member is not running: " + ex.getMessage())
				.build();
		}
	}

}
