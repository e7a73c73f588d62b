/**
 * Observations and meters: the engine's Micrometer instrumentation. Depends on nothing
 * else internal. Internal: not an API, types here may change in any release.
 */
@NullMarked
package io.ego.core.internal.telemetry;

import org.jspecify.annotations.NullMarked;
