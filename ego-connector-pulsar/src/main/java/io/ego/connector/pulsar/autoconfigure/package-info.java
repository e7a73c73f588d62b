/**
 * Spring Boot auto-configuration of the Pulsar publishers, under
 * {@code ego.publishers.pulsar.*}.
 */
@NullMarked
package io.ego.connector.pulsar.autoconfigure;

import org.jspecify.annotations.NullMarked;
