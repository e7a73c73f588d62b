/**
 * Spring Boot auto-configuration of the Kafka event publisher ({@code ego.publishers.kafka.*}).
 */
@NullMarked
package io.ego.connector.kafka.autoconfigure;

import org.jspecify.annotations.NullMarked;
