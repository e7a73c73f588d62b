/**
 * Kafka connector: publishes the journal's events and the durable states to Kafka topics
 * at least once, in per-entity order, as {@link io.ego.connector.v1.PublishedEvent} and
 * {@link io.ego.connector.v1.PublishedState} envelopes, and reads events back on the
 * consumer side.
 */
@NullMarked
package io.ego.connector.kafka;

import org.jspecify.annotations.NullMarked;
