/**
 * Spring Boot auto-configuration of the Kafka publishers
 * ({@code ego.publishers.kafka.*}).
 */
@NullMarked
package io.ego.connector.kafka.autoconfigure;

import org.jspecify.annotations.NullMarked;
