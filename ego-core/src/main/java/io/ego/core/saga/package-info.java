/**
 * Sagas: durable process managers. A saga instance is event-sourced, fed from the journal
 * (leased, deduplicated by journal position), sends commands to entities with
 * deterministic command ids without blocking, retries failed steps with back-off, keeps
 * durable timers, and compensates completed steps in reverse order.
 */
@NullMarked
package io.ego.core.saga;

import org.jspecify.annotations.NullMarked;
