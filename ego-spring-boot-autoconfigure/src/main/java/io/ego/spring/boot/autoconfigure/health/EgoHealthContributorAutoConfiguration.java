package io.ego.spring.boot.autoconfigure.health;

import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SnapshotStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.health.EgoStoresHealthIndicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link EgoStoresHealthIndicator} (health component
 * {@code ego}, switched off with {@code management.health.ego.enabled=false}).
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(after = EgoAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(EventStore.class)
@ConditionalOnEnabledHealthIndicator("ego")
public final class EgoHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "egoHealthIndicator")
	EgoStoresHealthIndicator egoHealthIndicator(ObjectProvider<EventStore> eventStore,
			ObjectProvider<SnapshotStore> snapshotStore, ObjectProvider<DurableStateStore> durableStateStore,
			ObjectProvider<OffsetStore> offsetStore) {
		return new EgoStoresHealthIndicator(eventStore.getIfUnique(), snapshotStore.getIfUnique(),
				durableStateStore.getIfUnique(), offsetStore.getIfUnique());
	}

}
