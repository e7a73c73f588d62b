package io.ego.cluster.hazelcast;

import java.time.Duration;

/**
 * The defaults of eGo's cluster, shared by the router and the auto-configuration.
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class ClusterDefaults {

	/** The Hazelcast executor that runs forwarded commands. */
	public static final String EXECUTOR = "ego-commands";

	/** Threads of that executor per member: forwarded commands that may run at once. */
	public static final int EXECUTOR_POOL_SIZE = 64;

	/** How often the sweeper looks for cells of moved partitions. */
	public static final Duration SWEEP_INTERVAL = Duration.ofMillis(200);

	private ClusterDefaults() {
	}

}
