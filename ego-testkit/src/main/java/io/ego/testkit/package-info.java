/**
 * Given/When/Then scenarios for entity behaviours, run as plain Java without an engine:
 * {@link io.ego.testkit.EventSourcedScenario} and
 * {@link io.ego.testkit.DurableStateScenario}.
 */
@NullMarked
package io.ego.testkit;

import org.jspecify.annotations.NullMarked;
