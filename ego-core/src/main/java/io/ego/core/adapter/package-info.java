/**
 * Schema evolution: the revision each message type is written at, and
 * {@link io.ego.core.adapter.EventAdapter event adapters} that turn events stored at an
 * older revision (or under a retired type) into current events, and
 * {@link io.ego.core.adapter.SnapshotAdapter snapshot adapters} that do the same for
 * snapshots of the state. See {@link io.ego.core.adapter.SchemaEvolution}.
 */
@NullMarked
package io.ego.core.adapter;

import org.jspecify.annotations.NullMarked;
