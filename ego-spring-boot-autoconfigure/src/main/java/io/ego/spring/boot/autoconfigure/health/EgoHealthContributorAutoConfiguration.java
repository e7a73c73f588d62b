package io.ego.spring.boot.autoconfigure.health;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import io.ego.core.EgoEngine;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SnapshotStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.health.EgoReadinessHealthIndicator;
import io.ego.spring.boot.health.EgoStoresHealthIndicator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link EgoStoresHealthIndicator} (health component
 * {@code ego}, switched off with {@code management.health.ego.enabled=false}, bounded by
 * {@code ego.health.timeout}) and of the {@link EgoReadinessHealthIndicator} (component
 * {@code egoReadiness}, switched off with
 * {@code management.health.ego-readiness.enabled=false}).
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(after = EgoAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(EventStore.class)
@EnableConfigurationProperties(EgoHealthProperties.class)
public final class EgoHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "egoHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("ego")
	EgoStoresHealthIndicator egoHealthIndicator(ObjectProvider<EventStore> eventStore,
			ObjectProvider<SnapshotStore> snapshotStore, ObjectProvider<DurableStateStore> durableStateStore,
			ObjectProvider<OffsetStore> offsetStore, EgoHealthProperties properties,
			ConfigurableListableBeanFactory beanFactory) {
		return new EgoStoresHealthIndicator(eventStore.getIfUnique(), snapshotStore.getIfUnique(),
				durableStateStore.getIfUnique(), offsetStore.getIfUnique(), properties.getTimeout(),
				dataSources(beanFactory));
	}

	@Bean
	@ConditionalOnMissingBean(name = "egoReadinessHealthIndicator")
	@ConditionalOnBean(EgoEngine.class)
	@ConditionalOnEnabledHealthIndicator("ego-readiness")
	EgoReadinessHealthIndicator egoReadinessHealthIndicator(EgoEngine engine) {
		return new EgoReadinessHealthIndicator(engine);
	}

	/**
	 * The resource of a store bean: the one {@code DataSource} bean it was created with,
	 * else the store itself.
	 * @param beanFactory the bean factory
	 * @return the resource function
	 */
	private static Function<Object, Object> dataSources(ConfigurableListableBeanFactory beanFactory) {
		Map<Object, Object> resources = new IdentityHashMap<>();
		for (Class<?> storeType : new Class<?>[] { EventStore.class, SnapshotStore.class, DurableStateStore.class,
				OffsetStore.class }) {
			for (String name : beanFactory.getBeanNamesForType(storeType, false, false)) {
				Object dataSource = dataSourceOf(beanFactory, name);
				if (dataSource != null) {
					resources.put(beanFactory.getBean(name), dataSource);
				}
			}
		}
		return (store) -> resources.getOrDefault(store, store);
	}

	private static @Nullable Object dataSourceOf(ConfigurableListableBeanFactory beanFactory, String beanName) {
		Object found = null;
		for (String dependency : beanFactory.getDependenciesForBean(beanName)) {
			if (beanFactory.containsBean(dependency) && beanFactory.isTypeMatch(dependency, DataSource.class)) {
				if (found != null) {
					return null;
				}
				found = beanFactory.getBean(dependency);
			}
		}
		return found;
	}

}
