/**
 * Store SPI: the contracts a persistence backend implements (events, snapshots, durable state, offsets).
 * In-memory implementations live in {@code io.ego.core.store.inmemory}; JDBC ones in {@code ego-stores-jdbc}.
 */
@NullMarked
package io.ego.core.store;

import org.jspecify.annotations.NullMarked;
