/**
 * Publishers: send the journal's events to a broker (Kafka, NATS, ...) at least once, in per-entity order, driven
 * from the journal with their own offsets like projections, so nothing written is ever missed.
 */
@NullMarked
package io.ego.core.publisher;

import org.jspecify.annotations.NullMarked;
