package io.ego.spring.boot.autoconfigure;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ego.core.DurableStateBehavior;
import io.ego.core.EgoEngine;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntityBehavior;
import io.ego.core.EventSourcedBehavior;
import io.ego.spring.annotation.DurableStateEntity;
import io.ego.spring.annotation.EventSourcedEntity;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the beans annotated {@link EventSourcedEntity @EventSourcedEntity} or
 * {@link DurableStateEntity @DurableStateEntity} and checks them: each implements the
 * behaviour its annotation names, type names are valid and unique, and no behaviour bean
 * lacks an annotation. Every failure names the bean.
 *
 * @author eGo team
 */
final class EntityBeans {

	private EntityBeans() {
	}

	/**
	 * Discovers the entity beans of a bean factory.
	 * @param beanFactory the bean factory
	 * @return the entity beans in registration order
	 * @throws EngineConfigurationException naming the offending bean
	 */
	static List<EntityBean> discover(ListableBeanFactory beanFactory) {
		Set<String> names = new LinkedHashSet<>();
		names.addAll(List.of(beanFactory.getBeanNamesForAnnotation(EventSourcedEntity.class)));
		names.addAll(List.of(beanFactory.getBeanNamesForAnnotation(DurableStateEntity.class)));
		for (String name : beanFactory.getBeanNamesForType(EntityBehavior.class, true, false)) {
			if (!names.contains(name)) {
				throw new EngineConfigurationException("bean '" + name + "' (" + typeName(beanFactory, name)
						+ ") is an entity behaviour without @EventSourcedEntity or @DurableStateEntity: annotate it "
						+ "with the entity type name it is registered under");
			}
		}
		Map<String, EntityBean> byType = new LinkedHashMap<>();
		List<EntityBean> result = new ArrayList<>();
		for (String name : names) {
			EntityBean entity = entity(beanFactory, name);
			EntityBean previous = byType.putIfAbsent(entity.typeName(), entity);
			if (previous != null) {
				throw new EngineConfigurationException(
						"entity type '" + entity.typeName() + "' is declared by two beans: '" + previous.beanName()
								+ "' (" + previous.behavior().getClass().getName() + ") and '" + entity.beanName()
								+ "' (" + entity.behavior().getClass().getName() + ")");
			}
			result.add(entity);
		}
		return result;
	}

	private static EntityBean entity(ListableBeanFactory beanFactory, String name) {
		EventSourcedEntity eventSourced = beanFactory.findAnnotationOnBean(name, EventSourcedEntity.class);
		DurableStateEntity durableState = beanFactory.findAnnotationOnBean(name, DurableStateEntity.class);
		if (eventSourced != null && durableState != null) {
			throw new EngineConfigurationException("bean '" + name + "' (" + typeName(beanFactory, name)
					+ ") is annotated with both @EventSourcedEntity and @DurableStateEntity: keep one");
		}
		Class<? extends Annotation> annotation = (eventSourced != null) ? EventSourcedEntity.class
				: DurableStateEntity.class;
		Class<?> required = (eventSourced != null) ? EventSourcedBehavior.class : DurableStateBehavior.class;
		String typeName = (eventSourced != null) ? eventSourced.value()
				: (durableState != null) ? durableState.value() : "";
		Class<?> beanType = beanFactory.getType(name);
		if (beanType == null || !required.isAssignableFrom(beanType)) {
			throw new EngineConfigurationException(
					"bean '" + name + "' (" + typeName(beanFactory, name) + ") is annotated with @"
							+ annotation.getSimpleName() + " but does not implement " + required.getName());
		}
		if (!EgoEngine.TYPE_NAME.matcher(typeName).matches()) {
			throw new EngineConfigurationException("bean '" + name + "' (" + typeName(beanFactory, name)
					+ ") declares the invalid entity type name '" + typeName + "' in @" + annotation.getSimpleName()
					+ ": use letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters");
		}
		return new EntityBean(name, typeName, beanFactory.getBean(name, EntityBehavior.class));
	}

	private static String typeName(ListableBeanFactory beanFactory, String name) {
		Class<?> type = beanFactory.getType(name);
		return (type != null) ? ClassUtils.getUserClass(type).getName() : "unknown type";
	}

	/**
	 * An entity behaviour bean.
	 *
	 * @param beanName the bean's name
	 * @param typeName the entity type name from its annotation
	 * @param behavior the behaviour
	 */
	record EntityBean(String beanName, String typeName, EntityBehavior<?> behavior) {
	}

}
