/**
 * Assembly of an engine: the immutable configuration a builder collects, the one
 * validator that checks it, and the running engine built from it (no thread starts before
 * {@code start()}). Depends on every other internal package; nothing internal depends on
 * it. Internal: not an API, types here may change in any release.
 */
@NullMarked
package io.ego.core.internal.engine;

import org.jspecify.annotations.NullMarked;
