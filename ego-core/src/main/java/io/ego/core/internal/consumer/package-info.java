/**
 * Journal consumers: projections and publishers, their workers over slice ranges, leases
 * and offsets. Depends on {@code runtime}, {@code codec}, {@code crypto},
 * {@code telemetry}; never on {@code entity}.
 * <p>
 * {@link io.ego.core.internal.consumer.JournalConsumers} runs the
 * {@link io.ego.core.internal.consumer.ConsumerDefinition consumer definitions}: one
 * {@code ConsumerRunner} each (lifecycle and operations), whose {@code ConsumerWorker}s
 * run the one loop and hand batches to the {@code Delivery} of the consumer's kind.
 * Consumers read through {@link io.ego.core.store.JournalQuery} only. Internal: not an
 * API, types here may change in any release.
 */
@NullMarked
package io.ego.core.internal.consumer;

import org.jspecify.annotations.NullMarked;
