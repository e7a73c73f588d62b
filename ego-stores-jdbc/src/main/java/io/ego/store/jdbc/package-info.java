/**
 * eGo stores on JDBC (PostgreSQL, MariaDB/MySQL, H2): the journal with gap-free reading
 * by position and cross-entity group commit, snapshots, durable state, consumer offsets,
 * dead letters, data keys and erasure markers, with a versioned schema per dialect.
 */
@NullMarked
package io.ego.store.jdbc;

import org.jspecify.annotations.NullMarked;
