/**
 * Pulsar connector: publishes the journal's events and the durable states to Apache
 * Pulsar topics at least once, in per-entity order (message key = persistence id, for
 * Key_Shared subscriptions), with broker deduplication by sequence id, as
 * {@link io.ego.connector.v1.PublishedEvent} and
 * {@link io.ego.connector.v1.PublishedState} envelopes, and reads them back on the
 * consumer side.
 */
@NullMarked
package io.ego.connector.pulsar;

import org.jspecify.annotations.NullMarked;
