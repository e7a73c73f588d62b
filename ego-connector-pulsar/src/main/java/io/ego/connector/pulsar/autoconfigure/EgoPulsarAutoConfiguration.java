package io.ego.connector.pulsar.autoconfigure;

import io.ego.connector.pulsar.PulsarEventPublisher;
import io.ego.connector.pulsar.PulsarStatePublisher;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.DeadLetterStore;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import org.apache.pulsar.client.api.PulsarClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the journal-driven Pulsar publishers, when
 * {@code ego.publishers.pulsar.enabled=true}: the event publisher (and with
 * {@code ego.publishers.pulsar.states.enabled} the durable-state publisher) registered
 * with the engine. They use the application's single {@link PulsarClient} bean (Spring
 * Boot's, from {@code spring.pulsar.client.*} or a Testcontainers
 * {@code @ServiceConnection}) when there is one, else a client of their own on
 * {@code ego.publishers.pulsar.service-url}, connected lazily so that the application
 * starts while the broker is down.
 *
 * @author eGo team
 * @since 0.2.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.pulsar.autoconfigure.PulsarAutoConfiguration")
@ConditionalOnClass({ PulsarClient.class, EgoEngineBuilderCustomizer.class })
@ConditionalOnBooleanProperty("ego.publishers.pulsar.enabled")
@EnableConfigurationProperties(EgoPulsarPublisherProperties.class)
public final class EgoPulsarAutoConfiguration {

	private static final String EVENTS_ENABLED = "ego.publishers.pulsar.events.enabled";

	private static final String STATES_ENABLED = "ego.publishers.pulsar.states.enabled";

	private final EgoPulsarPublisherProperties properties;

	EgoPulsarAutoConfiguration(EgoPulsarPublisherProperties properties) {
		this.properties = properties;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = EVENTS_ENABLED, matchIfMissing = true)
	PulsarEventPublisher egoPulsarEventPublisher(ObjectProvider<PulsarClient> client) {
		PulsarClient shared = client.getIfUnique();
		PulsarEventPublisher.Builder builder = (shared != null) ? PulsarEventPublisher.builder(shared)
				: PulsarEventPublisher.builder(this.properties.getServiceUrl());
		return builder.topic(this.properties.getEvents().getTopic())
			.producerName(this.properties.getEvents().getProducerName())
			.entityTypes(this.properties.getEntityTypes())
			.sendTimeout(this.properties.getSendTimeout())
			.build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(STATES_ENABLED)
	PulsarStatePublisher egoPulsarStatePublisher(ObjectProvider<PulsarClient> client) {
		PulsarClient shared = client.getIfUnique();
		PulsarStatePublisher.Builder builder = (shared != null) ? PulsarStatePublisher.builder(shared)
				: PulsarStatePublisher.builder(this.properties.getServiceUrl());
		return builder.topic(this.properties.getStates().getTopic())
			.producerName(this.properties.getStates().getProducerName())
			.sendTimeout(this.properties.getSendTimeout())
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = EVENTS_ENABLED, matchIfMissing = true)
	EgoEngineBuilderCustomizer egoPulsarPublisherCustomizer(PulsarEventPublisher publisher,
			ObjectProvider<DeadLetterStore> deadLetterStore) {
		ProjectionSettings settings = settings();
		String name = this.properties.getEvents().getName();
		return (builder) -> {
			deadLetterStore.ifUnique(builder::deadLetterStore);
			builder.eventPublisher(name, publisher, settings);
		};
	}

	@Bean
	@ConditionalOnBooleanProperty(STATES_ENABLED)
	EgoEngineBuilderCustomizer egoPulsarStatePublisherCustomizer(PulsarStatePublisher publisher,
			ObjectProvider<DeadLetterStore> deadLetterStore) {
		ProjectionSettings settings = settings();
		String name = this.properties.getStates().getName();
		return (builder) -> {
			deadLetterStore.ifUnique(builder::deadLetterStore);
			builder.statePublisher(name, publisher, settings);
		};
	}

	private ProjectionSettings settings() {
		ProjectionSettings defaults = ProjectionSettings.defaults();
		return defaults.withParallelism(this.properties.getParallelism())
			.withRecovery(defaults.recovery(), this.properties.getRetries(), this.properties.getRetryDelay());
	}

}
