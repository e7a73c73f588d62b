/**
 * The cluster SPI: where an entity's commands run when several engines form a cluster. A
 * {@link io.ego.core.cluster.CommandRouter} (such as the Hazelcast one of
 * {@code ego-cluster-hazelcast}) tells whether this engine owns an entity and forwards
 * the commands of the entities it does not own to their owner, which runs them through
 * its {@link io.ego.core.cluster.LocalCommands}. Without a router every entity is local.
 */
@NullMarked
package io.ego.core.cluster;

import org.jspecify.annotations.NullMarked;
