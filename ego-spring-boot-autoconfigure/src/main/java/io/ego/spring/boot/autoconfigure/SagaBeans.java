package io.ego.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ego.core.EngineConfigurationException;
import io.ego.core.saga.SagaBehavior;
import io.ego.spring.annotation.Saga;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the beans annotated {@link Saga @Saga} and checks them: each implements
 * {@link SagaBehavior}, names are unique, and no saga bean lacks the annotation. Every
 * failure names the bean.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class SagaBeans {

	private SagaBeans() {
	}

	static List<SagaBean> discover(ListableBeanFactory beanFactory) {
		Set<String> names = new LinkedHashSet<>(List.of(beanFactory.getBeanNamesForAnnotation(Saga.class)));
		for (String name : beanFactory.getBeanNamesForType(SagaBehavior.class, true, false)) {
			if (!names.contains(name)) {
				throw new EngineConfigurationException("bean '" + name + "' (" + typeName(beanFactory, name)
						+ ") is a SagaBehavior without @Saga: annotate it with the saga's name");
			}
		}
		Map<String, SagaBean> byName = new LinkedHashMap<>();
		List<SagaBean> result = new ArrayList<>();
		for (String bean : names) {
			Saga annotation = beanFactory.findAnnotationOnBean(bean, Saga.class);
			String saga = (annotation != null) ? annotation.value() : "";
			Class<?> beanType = beanFactory.getType(bean);
			if (beanType == null || !SagaBehavior.class.isAssignableFrom(beanType)) {
				throw new EngineConfigurationException("bean '" + bean + "' (" + typeName(beanFactory, bean)
						+ ") is annotated with @Saga but does not implement " + SagaBehavior.class.getName());
			}
			SagaBean found = new SagaBean(bean, saga, beanFactory.getBean(bean, SagaBehavior.class));
			SagaBean previous = byName.putIfAbsent(saga, found);
			if (previous != null) {
				throw new EngineConfigurationException("saga '" + saga + "' is declared by two beans: '"
						+ previous.beanName() + "' and '" + bean + "'");
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
	 * A saga bean.
	 *
	 * @param beanName the bean's name
	 * @param name the saga's name from its annotation
	 * @param behavior the behaviour
	 */
	record SagaBean(String beanName, String name, SagaBehavior<?> behavior) {
	}

}
