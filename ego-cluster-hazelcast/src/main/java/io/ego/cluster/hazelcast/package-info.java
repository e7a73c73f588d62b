/**
 * eGo's cluster on Hazelcast: {@link io.ego.cluster.hazelcast.HazelcastCommandRouter}
 * places each entity on the owner of its Hazelcast partition and forwards the commands
 * sent elsewhere to it.
 */
@NullMarked
package io.ego.cluster.hazelcast;

import org.jspecify.annotations.NullMarked;
