package io.ego.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of an eGo application's entities and projections in a Spring context that starts
 * only what they need: the beans annotated
 * {@link io.ego.spring.annotation.EventSourcedEntity @EventSourcedEntity},
 * {@link io.ego.spring.annotation.DurableStateEntity @DurableStateEntity},
 * {@link io.ego.spring.annotation.ProjectionHandler @ProjectionHandler} and
 * {@link io.ego.spring.annotation.Saga @Saga} (or only those named in {@link #value()}),
 * the engine with its {@code ego.*} properties, and an
 * {@link io.ego.spring.boot.test.scenario.EgoScenario EgoScenario} to inject. No web
 * layer, no other component, no other auto-configuration.
 * <p>
 * The stores are in memory ({@code ego.store.type=in-memory}, whatever the application
 * configures) unless the test is also annotated
 * {@link AutoConfigureEgoJdbc @AutoConfigureEgoJdbc}: then the application's DataSource
 * (or a Testcontainers {@code @ServiceConnection}) and the JDBC stores. Beans a
 * projection needs beyond these come from the test: {@code @Import},
 * {@code @MockitoBean}, or another slice's {@code @AutoConfigure…} annotation.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(EgoTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(EgoTypeExcludeFilter.class)
@AutoConfigureEgo
@ImportAutoConfiguration
public @interface EgoTest {

	/**
	 * The eGo beans to start (entity behaviours, projections), by class; empty to start
	 * every eGo bean of the application. Start-up fails naming a class that is not such a
	 * bean.
	 * @return the classes of the beans to start
	 */
	Class<?>[] value() default {};

	/**
	 * Properties in {@code key=value} form added to the environment before the test runs.
	 * @return the properties to add
	 */
	String[] properties() default {};

	/**
	 * Whether the application's eGo beans are scanned (the default filters);
	 * {@code false} to start only what {@link #includeFilters()} and the test import.
	 * @return whether the default filters apply
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Further beans to scan from the application's packages.
	 * @return include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Beans not to scan.
	 * @return exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configurations not to apply in this slice.
	 * @return the auto-configurations to exclude
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
