/**
 * Protobuf messages of the engine itself (generated from {@code ego/core/v1/*.proto}):
 * the markers projections and publishers receive for erased entities.
 */
@NullMarked
package io.ego.core.v1;

import org.jspecify.annotations.NullMarked;
