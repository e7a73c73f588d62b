/**
 * Who may reach the Actuator and the operator console: an {@code OPERATOR}; the REST API
 * stays open.
 */
@NullMarked
package io.ego.samples.bank.security;

import org.jspecify.annotations.NullMarked;
