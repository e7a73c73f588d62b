package io.ego.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ego.core.EgoEngine;
import io.ego.core.EngineConfigurationException;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the beans annotated {@link ProjectionHandler @ProjectionHandler} and checks them:
 * each implements {@link Projection}, names are valid and unique, and no projection bean
 * lacks the annotation. Every failure names the bean.
 *
 * @author eGo team
 */
final class ProjectionBeans {

	private ProjectionBeans() {
	}

	/**
	 * Discovers the projection beans of a bean factory.
	 * @param beanFactory the bean factory
	 * @return the projection beans in registration order
	 * @throws EngineConfigurationException naming the offending bean
	 */
	static List<ProjectionBean> discover(ListableBeanFactory beanFactory) {
		Set<String> names = new LinkedHashSet<>(
				List.of(beanFactory.getBeanNamesForAnnotation(ProjectionHandler.class)));
		for (String name : beanFactory.getBeanNamesForType(Projection.class, true, false)) {
			if (!names.contains(name)) {
				throw new EngineConfigurationException("bean '" + name + "' (" + typeName(beanFactory, name)
						+ ") is a Projection without @ProjectionHandler: annotate it with the projection's name");
			}
		}
		Map<String, ProjectionBean> byName = new LinkedHashMap<>();
		List<ProjectionBean> result = new ArrayList<>();
		for (String bean : names) {
			ProjectionHandler annotation = beanFactory.findAnnotationOnBean(bean, ProjectionHandler.class);
			String projection = (annotation != null) ? annotation.value() : "";
			Class<?> beanType = beanFactory.getType(bean);
			if (beanType == null || !Projection.class.isAssignableFrom(beanType)) {
				throw new EngineConfigurationException("bean '" + bean + "' (" + typeName(beanFactory, bean)
						+ ") is annotated with @ProjectionHandler but does not implement "
						+ Projection.class.getName());
			}
			if (!EgoEngine.TYPE_NAME.matcher(projection).matches()) {
				throw new EngineConfigurationException("bean '" + bean + "' (" + typeName(beanFactory, bean)
						+ ") declares the invalid projection name '" + projection + "' in @ProjectionHandler: use "
						+ "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters");
			}
			ProjectionBean found = new ProjectionBean(bean, projection, beanFactory.getBean(bean, Projection.class));
			ProjectionBean previous = byName.putIfAbsent(projection, found);
			if (previous != null) {
				throw new EngineConfigurationException("projection '" + projection + "' is declared by two beans: '"
						+ previous.beanName() + "' (" + typeName(beanFactory, previous.beanName()) + ") and '" + bean
						+ "' (" + typeName(beanFactory, bean) + ")");
			}
			result.add(found);
		}
		return result;
	}

	private static String typeName(ListableBeanFactory beanFactory, String name) {
		Class<?> type = beanFactory.getType(name);
		return (type != null) ? ClassUtils.getUserClass(type).getName() : "unknown type";
	}

	/**
	 * A projection bean.
	 *
	 * @param beanName the bean's name
	 * @param name the projection's name from its annotation
	 * @param projection the handler
	 */
	record ProjectionBean(String beanName, String name, Projection projection) {
	}

}
