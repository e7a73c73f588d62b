/**
 * Observability with the Micrometer Observation API: the engine's observations (command,
 * persist, recovery, snapshot, retention, projection batch and event, publish, dead
 * letter), their contexts and their pluggable conventions. Traces and metrics come from
 * one instrumentation; nothing is recorded without a registry.
 */
@NullMarked
package io.ego.core.observation;

import org.jspecify.annotations.NullMarked;
