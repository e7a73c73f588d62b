/**
 * Auto-configuration of the eGo engine, its entity beans and the {@code ego.*}
 * properties.
 */
@NullMarked
package io.ego.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
