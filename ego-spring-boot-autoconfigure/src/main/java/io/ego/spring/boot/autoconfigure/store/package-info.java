/**
 * Auto-configuration of eGo's stores: the in-memory fallback and the store-type
 * condition.
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.store;

import org.jspecify.annotations.NullMarked;
