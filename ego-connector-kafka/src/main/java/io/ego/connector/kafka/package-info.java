/**
 * Kafka connector: publishes the journal's events to a Kafka topic at least once, in per-entity order, as
 * {@link io.ego.connector.kafka.v1.PublishedEvent} envelopes, and reads them back on the consumer side.
 */
@NullMarked
package io.ego.connector.kafka;

import org.jspecify.annotations.NullMarked;
