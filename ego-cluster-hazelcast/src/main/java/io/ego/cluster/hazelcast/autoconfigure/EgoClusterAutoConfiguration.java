package io.ego.cluster.hazelcast.autoconfigure;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.ego.cluster.hazelcast.ClusterSettings;
import io.ego.cluster.hazelcast.HazelcastCommandRouter;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of eGo's cluster on Hazelcast, when
 * {@code ego.cluster.enabled=true}: a {@link HazelcastCommandRouter} registered with the
 * engine through an {@link EgoEngineBuilderCustomizer}, on the application's
 * {@link HazelcastInstance} bean when it defines one, else on a member eGo starts from
 * {@code ego.cluster.*} (checked first: a wrong value fails the start naming its
 * property) and shuts down when the context closes. It runs before Spring Boot's
 * Hazelcast auto-configuration, which then backs off.
 *
 * @author eGo team
 * @since 0.3.0
 */
@AutoConfiguration(before = EgoAutoConfiguration.class,
		beforeName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnClass({ HazelcastInstance.class, EgoEngineBuilderCustomizer.class })
@ConditionalOnBooleanProperty("ego.cluster.enabled")
@EnableConfigurationProperties(EgoClusterProperties.class)
public final class EgoClusterAutoConfiguration {

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	HazelcastInstance egoHazelcastInstance(EgoClusterProperties properties) {
		ClusterSettings settings = properties.toSettings();
		return Hazelcast.newHazelcastInstance(settings.toConfig());
	}

	@Bean
	@ConditionalOnMissingBean
	HazelcastCommandRouter egoCommandRouter(HazelcastInstance hazelcast) {
		try {
			hazelcast.getCluster().getLocalMember();
		}
		catch (UnsupportedOperationException ex) {
			throw new IllegalStateException("eGo's cluster runs on a Hazelcast member, which owns partitions, but the "
					+ "HazelcastInstance bean '" + hazelcast.getName() + "' is a client", ex);
		}
		return new HazelcastCommandRouter(hazelcast);
	}

	@Bean
	EgoEngineBuilderCustomizer egoClusterCustomizer(HazelcastCommandRouter router) {
		return (builder) -> builder.commandRouter(router);
	}

}
