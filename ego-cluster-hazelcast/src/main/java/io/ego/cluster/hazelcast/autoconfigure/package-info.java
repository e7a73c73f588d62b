/**
 * Spring Boot auto-configuration of eGo's cluster on Hazelcast ({@code ego.cluster.*}):
 * the member, the command router, the {@code egoCluster} health indicator and
 * {@code GET /actuator/ego/cluster}.
 */
@NullMarked
package io.ego.cluster.hazelcast.autoconfigure;

import org.jspecify.annotations.NullMarked;
