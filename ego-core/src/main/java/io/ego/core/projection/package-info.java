/**
 * Projections: named readers of the journal that build read models, with their own
 * offsets, parallel workers by slice range, recovery policies, dead letters, rebuild and
 * lag.
 */
@NullMarked
package io.ego.core.projection;

import org.jspecify.annotations.NullMarked;
