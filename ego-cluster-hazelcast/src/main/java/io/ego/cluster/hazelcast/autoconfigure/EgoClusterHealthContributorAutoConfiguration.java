package io.ego.cluster.hazelcast.autoconfigure;

import com.hazelcast.core.HazelcastInstance;
import io.ego.cluster.hazelcast.HazelcastCommandRouter;
import io.ego.spring.boot.autoconfigure.health.EgoHealthProperties;

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
 * Auto-configuration} of the {@link EgoClusterHealthIndicator} (health component
 * {@code egoCluster}, switched off with
 * {@code management.health.ego-cluster.enabled=false}, bounded by
 * {@code ego.health.timeout}) when the cluster's router is configured.
 *
 * @author eGo team
 * @since 0.3.0
 */
@AutoConfiguration(after = EgoClusterAutoConfiguration.class)
@ConditionalOnClass({ HazelcastInstance.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class,
		EgoHealthProperties.class })
@ConditionalOnBean(HazelcastCommandRouter.class)
@EnableConfigurationProperties(EgoHealthProperties.class)
public final class EgoClusterHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "egoClusterHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("ego-cluster")
	EgoClusterHealthIndicator egoClusterHealthIndicator(HazelcastCommandRouter router, EgoHealthProperties health) {
		return new EgoClusterHealthIndicator(router, health.getTimeout());
	}

}
