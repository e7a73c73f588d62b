package io.ego.cluster.hazelcast;

import java.time.Duration;

/**
 * The defaults of eGo's cluster, shared by the router and the auto-configuration.
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class ClusterDefaults {

	/**
	 * The Hazelcast executor that answers the members' status requests
	 * ({@code GET /actuator/ego/cluster}); forwarded commands do not run on it.
	 */
	public static final String EXECUTOR = "ego-status";

	/** How often the sweeper looks for cells of moved partitions. */
	public static final Duration SWEEP_INTERVAL = Duration.ofMillis(200);

	private ClusterDefaults() {
	}

}
