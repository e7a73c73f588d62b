/**
 * The engine's implementation, split by concern into sub-packages ({@code entity},
 * {@code consumer}, {@code runtime}, {@code codec}, {@code crypto}, {@code telemetry}).
 * Not an API: nothing here appears in a public signature of {@code io.ego.core}, and
 * types here may change in any release.
 */
@NullMarked
package io.ego.core.internal;

import org.jspecify.annotations.NullMarked;
