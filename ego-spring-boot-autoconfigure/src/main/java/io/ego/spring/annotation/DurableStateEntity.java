package io.ego.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a bean as the behaviour of a durable-state entity type: the class implements
 * {@link io.ego.core.DurableStateBehavior} (or extends
 * {@link io.ego.core.DurableStateHandlers}, whose typed handlers are checked when the
 * engine starts) and is registered with the application's single
 * {@link io.ego.core.EgoEngine} under the given type name. As a
 * {@link Component @Component} stereotype it is found by component scanning; the bean
 * keeps its default name (the type name is not the bean name).
 *
 * <pre>{@code
 * &#64;DurableStateEntity("account-limits")
 * class AccountLimitsBehavior implements DurableStateBehavior<AccountLimits> { ... }
 * }</pre>
 *
 * Settings come from {@code ego.entity-defaults.*}, overridden per type by
 * {@code ego.entities.<type>.*}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface DurableStateEntity {

	/**
	 * The entity type name: a letter or digit, then letters, digits, {@code . _ -}; at
	 * most 64 characters.
	 * @return the type name
	 */
	@AliasFor("type")
	String value() default "";

	/**
	 * Alias for {@link #value()}.
	 * @return the type name
	 */
	@AliasFor("value")
	String type() default "";

}
