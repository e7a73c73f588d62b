/**
 * Actuator endpoint of the eGo engine.
 */
@NullMarked
package io.ego.spring.boot.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
