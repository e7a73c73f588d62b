package io.ego.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a bean as a named saga: the class implements
 * {@link io.ego.core.saga.SagaBehavior} and the application's
 * {@link io.ego.core.EgoEngine} runs it (its instances are entities of type
 * {@code saga.<name>}, fed from the journal). As a {@link Component @Component}
 * stereotype it is found by component scanning.
 *
 * <pre>{@code
 * &#64;Saga("transfer")
 * class TransferSaga implements SagaBehavior<Transfer> { ... }
 * }</pre>
 *
 * Settings come from {@code ego.sagas.<name>.*}.
 *
 * @author eGo team
 * @since 0.2.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface Saga {

	/**
	 * The saga's name: a letter or digit, then letters, digits, {@code . _ -}; at most 47
	 * characters.
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
