/**
 * Auto-configuration of the JDBC eGo stores.
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
