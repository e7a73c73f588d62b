/**
 * Auto-configuration of the eGo operator console: {@code ego.console.*}, the controller
 * that serves its page, scripts and settings.
 */
@NullMarked
package io.ego.console.autoconfigure;

import org.jspecify.annotations.NullMarked;
