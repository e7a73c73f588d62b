/**
 * Auto-configuration of schema evolution ({@code ego.schema.*} and the adapter beans).
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.schema;

import org.jspecify.annotations.NullMarked;
