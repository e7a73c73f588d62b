/**
 * The engine's runtime: single-writer entity cells, their mailboxes, recovery, batching, snapshots and
 * passivation. Not an API: types here may change in any release.
 */
@NullMarked
package io.ego.core.internal;

import org.jspecify.annotations.NullMarked;
