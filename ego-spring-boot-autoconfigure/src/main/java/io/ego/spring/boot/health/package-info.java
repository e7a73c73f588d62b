/**
 * Health indicator of the eGo stores.
 */
@NullMarked
package io.ego.spring.boot.health;

import org.jspecify.annotations.NullMarked;
