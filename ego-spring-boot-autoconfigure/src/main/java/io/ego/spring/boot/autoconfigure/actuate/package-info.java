/**
 * Auto-configuration of eGo's Actuator endpoint.
 */
@NullMarked
package io.ego.spring.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
