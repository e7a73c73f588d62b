/**
 * The JDBC stores of a deployment as {@link io.ego.migration.MigrationStores} (needs
 * ego-stores-jdbc, an optional dependency of this module).
 */
@NullMarked
package io.ego.migration.jdbc;

import org.jspecify.annotations.NullMarked;
