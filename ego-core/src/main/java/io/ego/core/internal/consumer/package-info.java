/**
 * Journal consumers: projections and publishers, their workers over slice ranges, leases and offsets. Depends on {@code runtime}, {@code codec}, {@code crypto}, {@code telemetry}; never on {@code entity}.
 * Internal: not an API, types here may change in any release.
 */
@NullMarked
package io.ego.core.internal.consumer;

import org.jspecify.annotations.NullMarked;
