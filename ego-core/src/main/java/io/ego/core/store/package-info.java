/**
 * Store SPI: the contracts a persistence backend implements (events, snapshots, durable
 * state, offsets, dead letters, data keys, erasure markers). In-memory implementations
 * live in {@code io.ego.core.store.inmemory}; JDBC ones in {@code ego-stores-jdbc}.
 */
@NullMarked
package io.ego.core.store;

import org.jspecify.annotations.NullMarked;
