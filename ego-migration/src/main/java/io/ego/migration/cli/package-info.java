/**
 * The command line of the migration tools: {@code java -jar ego-migration-cli.jar copy |
 * import-go | verify}, on JDBC stores (PostgreSQL, MariaDB, H2).
 */
@NullMarked
package io.ego.migration.cli;

import org.jspecify.annotations.NullMarked;
