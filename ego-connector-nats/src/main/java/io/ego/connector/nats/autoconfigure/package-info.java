/**
 * Spring Boot auto-configuration of the NATS JetStream publishers
 * ({@code ego.publishers.nats.*}).
 */
@NullMarked
package io.ego.connector.nats.autoconfigure;

import org.jspecify.annotations.NullMarked;
