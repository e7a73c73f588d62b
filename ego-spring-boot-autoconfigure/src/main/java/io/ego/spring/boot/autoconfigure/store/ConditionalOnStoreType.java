package io.ego.spring.boot.autoconfigure.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.ego.spring.boot.autoconfigure.EgoProperties.StoreType;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code ego.store.type} is one of the given types ({@code auto} when not
 * set).
 *
 * @author eGo team
 * @since 0.1.0
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnStoreTypeCondition.class)
public @interface ConditionalOnStoreType {

	/**
	 * The store types that match.
	 * @return the store types
	 */
	StoreType[] value();

}
