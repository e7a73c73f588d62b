/**
 * Given/When/Then scenarios for entity behaviours and sagas, run as plain Java without an
 * engine: {@link io.ego.testkit.EventSourcedScenario},
 * {@link io.ego.testkit.DurableStateScenario} and {@link io.ego.testkit.SagaScenario}.
 */
@NullMarked
package io.ego.testkit;

import org.jspecify.annotations.NullMarked;
