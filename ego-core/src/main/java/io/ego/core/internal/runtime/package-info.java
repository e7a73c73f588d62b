/**
 * What all entity cells and journal consumers share: stores, executors, the timer, the
 * clock, the journal signal, the instance id. Depends on {@code codec}, {@code crypto},
 * {@code telemetry}. Internal: not an API, types here may change in any release.
 */
@NullMarked
package io.ego.core.internal.runtime;

import org.jspecify.annotations.NullMarked;
