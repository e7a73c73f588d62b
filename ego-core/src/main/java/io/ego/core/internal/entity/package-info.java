/**
 * Single-writer entity cells and their mailboxes: commands, batching, writes, recovery,
 * snapshots, retention, passivation and erasure. Depends on {@code runtime},
 * {@code codec}, {@code crypto}, {@code telemetry}; never on {@code consumer}. Internal:
 * not an API, types here may change in any release.
 */
@NullMarked
package io.ego.core.internal.entity;

import org.jspecify.annotations.NullMarked;
