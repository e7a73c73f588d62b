/**
 * The {@link io.ego.spring.boot.test.EgoTest @EgoTest} test slice: a Spring context with
 * only the application's eGo beans (entities and projections), the engine, in-memory
 * stores by default or the application's DataSource with
 * {@link io.ego.spring.boot.test.AutoConfigureEgoJdbc @AutoConfigureEgoJdbc}.
 */
@NullMarked
package io.ego.spring.boot.test;

import org.jspecify.annotations.NullMarked;
