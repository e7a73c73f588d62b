/**
 * Auto-configuration of eGo's health indicator.
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
