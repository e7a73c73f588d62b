/**
 * Publishers: send the journal's events ({@link io.ego.core.publisher.EventPublisher})
 * and the durable states ({@link io.ego.core.publisher.StatePublisher}) to a broker
 * (Kafka, NATS, ...) at least once, in per-entity order, driven from the journal (the
 * durable-state change feed) with their own offsets like projections, so nothing written
 * is ever missed.
 */
@NullMarked
package io.ego.core.publisher;

import org.jspecify.annotations.NullMarked;
