/**
 * Scenarios in a Spring context: {@link io.ego.spring.boot.test.scenario.EgoScenario}
 * sends commands to the running engine, asserts their replies, events and states, waits
 * for projections by the engine's own positions, and advances the
 * {@link io.ego.spring.boot.test.scenario.EgoTestClock}.
 */
@NullMarked
package io.ego.spring.boot.test.scenario;

import org.jspecify.annotations.NullMarked;
