package io.ego.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a bean as a named projection: the class implements
 * {@link io.ego.core.projection.Projection} and the application's single
 * {@link io.ego.core.EgoEngine} runs it over the journal with its own offsets. As a
 * {@link Component @Component} stereotype it is found by component scanning.
 *
 * <pre>{@code
 * &#64;ProjectionHandler("account-balances")
 * class Balances implements Projection {
 *     public void handle(EventEnvelope envelope) { ... }
 * }
 * }</pre>
 *
 * Settings come from {@code ego.projection-defaults.*}, overridden per projection by
 * {@code ego.projections.<name>.*}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface ProjectionHandler {

	/**
	 * The projection's name, also the key of its offsets: a letter or digit, then
	 * letters, digits, {@code . _ -}; at most 64 characters. Renaming a projection makes
	 * it start from the beginning.
	 * @return the name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * Alias for {@link #value()}.
	 * @return the name
	 */
	@AliasFor("value")
	String name() default "";

}
