package io.ego.cluster.hazelcast.autoconfigure;

import com.hazelcast.core.HazelcastInstance;
import io.ego.cluster.hazelcast.HazelcastCommandRouter;
import io.ego.core.EgoEngine;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint;
import io.ego.spring.boot.autoconfigure.actuate.EgoEndpointAutoConfiguration;
import io.ego.spring.boot.autoconfigure.health.EgoHealthProperties;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of {@code GET /actuator/ego/cluster}, the
 * {@link EgoClusterEndpointSection}, when the cluster's router and the
 * {@link EgoEndpoint} are configured (the endpoint reads the section's bean when it is
 * first called). Its read of the projections' owners is bounded by
 * {@code ego.health.timeout}, like the endpoint's.
 *
 * @author eGo team
 * @since 0.3.0
 */
@AutoConfiguration(after = { EgoClusterAutoConfiguration.class, EgoEndpointAutoConfiguration.class })
@ConditionalOnClass({ HazelcastInstance.class, Endpoint.class, ConditionalOnAvailableEndpoint.class,
		EgoEndpoint.class })
@ConditionalOnAvailableEndpoint(EgoEndpoint.class)
@ConditionalOnBean({ EgoEndpoint.class, HazelcastCommandRouter.class, EgoEngine.class })
@EnableConfigurationProperties(EgoHealthProperties.class)
public final class EgoClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EgoClusterEndpointSection egoClusterEndpointSection(HazelcastCommandRouter router, EgoEngine engine,
			EgoHealthProperties health) {
		return new EgoClusterEndpointSection(router, engine, health.getTimeout());
	}

}
