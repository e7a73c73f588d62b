package io.ego.spring.boot.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.EgoEngine;
import io.ego.core.EntityBehavior;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.store.EventStore;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint;
import io.ego.spring.boot.actuate.endpoint.EgoEndpointSection;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.health.EgoHealthProperties;

import org.springframework.beans.factory.ObjectProvider;
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
 * Auto-configuration} of the {@link EgoEndpoint} when Actuator is present and the
 * {@code ego} endpoint is available (enabled and exposed). Its reads that need the stores
 * are bounded by {@code ego.health.timeout}, like the stores' health probes.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(after = EgoAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(EgoEndpoint.class)
@EnableConfigurationProperties(EgoHealthProperties.class)
public final class EgoEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(EgoEngine.class)
	EgoEndpoint egoEndpoint(EgoEngine engine, ObjectProvider<EventStore> eventStore,
			ObjectProvider<EntityBehavior<?>> behaviors, ObjectProvider<SagaBehavior<?>> sagas,
			EgoHealthProperties health, ObjectProvider<EgoEndpointSection> sections) {
		// the message types whose events and states the endpoint decodes to JSON: those
		// of the behaviours' .proto files
		List<Message> types = new ArrayList<>();
		behaviors.orderedStream().forEach((behavior) -> {
			types.add(behavior.initialState());
			types.addAll(behavior.messageTypes());
		});
		sagas.orderedStream().forEach((saga) -> {
			types.add(saga.initialState());
			types.addAll(saga.messageTypes());
		});
		return new EgoEndpoint(engine, eventStore.getIfUnique(), types, health.getTimeout(),
				sections.orderedStream().toList());
	}

}
