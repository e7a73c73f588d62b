package io.ego.spring.boot.test;

import java.util.Set;

import io.ego.spring.annotation.DurableStateEntity;
import io.ego.spring.annotation.EventSourcedEntity;
import io.ego.spring.annotation.ProjectionHandler;
import io.ego.spring.annotation.Saga;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * The components {@link EgoTest @EgoTest} scans: the eGo beans of the application, or
 * only the classes its {@link EgoTest#value()} names.
 *
 * @author eGo team
 */
final class EgoTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<EgoTest> {

	private static final Set<Class<?>> EGO_BEANS = Set.of(EventSourcedEntity.class, DurableStateEntity.class,
			ProjectionHandler.class, Saga.class);

	private final Set<Class<?>> named;

	EgoTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.named = Set.of(getAnnotation().getValue("value", Class[].class).orElse(new Class<?>[0]));
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return this.named.isEmpty() ? EGO_BEANS : Set.of();
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return this.named;
	}

}
