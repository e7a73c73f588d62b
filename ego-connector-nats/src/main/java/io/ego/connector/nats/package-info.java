/**
 * NATS JetStream connector: publishes the journal's events and the durable states to
 * JetStream streams at least once, in per-entity order, deduplicated by
 * {@code Nats-Msg-Id} within the stream's duplicate window, as
 * {@link io.ego.connector.v1.PublishedEvent} and
 * {@link io.ego.connector.v1.PublishedState} envelopes, and reads them back on the
 * consumer side.
 */
@NullMarked
package io.ego.connector.nats;

import org.jspecify.annotations.NullMarked;
