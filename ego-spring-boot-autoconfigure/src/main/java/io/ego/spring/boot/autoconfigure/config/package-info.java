/**
 * The start-up check of {@code ego.*} properties: an unknown key (a typo, a setting of a
 * module that is not on the classpath) fails the start-up, naming the key, where it was
 * set and the nearest valid key.
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.config;

import org.jspecify.annotations.NullMarked;
