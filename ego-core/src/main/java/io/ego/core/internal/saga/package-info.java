/**
 * The saga runtime: the saga instance entity, its journal reader, its step dispatcher and
 * its timers.
 */
@NullMarked
package io.ego.core.internal.saga;

import org.jspecify.annotations.NullMarked;
