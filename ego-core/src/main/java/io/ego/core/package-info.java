/**
 * The eGo engine's user API: behaviours, the engine, entity references, replies, settings
 * and errors.
 */
@NullMarked
package io.ego.core;

import org.jspecify.annotations.NullMarked;
