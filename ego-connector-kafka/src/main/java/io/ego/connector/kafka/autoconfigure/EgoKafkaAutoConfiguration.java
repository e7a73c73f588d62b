package io.ego.connector.kafka.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ego.connector.kafka.KafkaEventPublisher;
import io.ego.connector.kafka.KafkaStatePublisher;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.publisher.StatePublisher;
import io.ego.core.store.DeadLetterStore;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.StringUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Kafka publishers, when
 * {@code ego.publishers.kafka.enabled=true}: a {@link KafkaEventPublisher} (unless
 * {@code events.enabled=false}) and, with {@code states.enabled=true}, a
 * {@link KafkaStatePublisher}, each on its own idempotent producer configured from Boot's
 * {@code spring.kafka.*} properties and connection details, registered with the engine
 * through an {@link EgoEngineBuilderCustomizer}. With {@code create-topic=true} their
 * topics are created off the start-up path, in the background and retried while Kafka is
 * unreachable ({@link TopicCreation}); the publishers wait for them, commands do not, and
 * the health indicator {@code egoKafkaTopics} shows the progress.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({ KafkaTemplate.class, KafkaProperties.class, EgoEngineBuilderCustomizer.class })
@ConditionalOnBooleanProperty("ego.publishers.kafka.enabled")
@EnableConfigurationProperties(EgoKafkaProperties.class)
public final class EgoKafkaAutoConfiguration {

	private static final String EVENTS_ENABLED = "ego.publishers.kafka.events.enabled";

	private static final String STATES_ENABLED = "ego.publishers.kafka.states.enabled";

	private static final String CREATE_TOPIC = "ego.publishers.kafka.create-topic";

	private final EgoKafkaProperties properties;

	EgoKafkaAutoConfiguration(EgoKafkaProperties properties) {
		this.properties = properties;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = EVENTS_ENABLED, matchIfMissing = true)
	KafkaEventPublisher egoKafkaEventPublisher(KafkaProperties kafkaProperties,
			KafkaConnectionDetails connectionDetails) {
		return KafkaEventPublisher.builder(producerProperties(kafkaProperties, connectionDetails))
			.topic(this.properties.getEvents().getTopic())
			.entityTypes(this.properties.getEntityTypes())
			.sendTimeout(this.properties.getSendTimeout())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(STATES_ENABLED)
	KafkaStatePublisher egoKafkaStatePublisher(KafkaProperties kafkaProperties,
			KafkaConnectionDetails connectionDetails) {
		return KafkaStatePublisher.builder(producerProperties(kafkaProperties, connectionDetails))
			.topic(this.properties.getStates().getTopic())
			.entityTypes(this.properties.getEntityTypes())
			.sendTimeout(this.properties.getSendTimeout())
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty(CREATE_TOPIC)
	@ConditionalOnMissingBean
	TopicCreation egoKafkaTopicCreation(ObjectProvider<KafkaAdmin> kafkaAdmin, KafkaProperties kafkaProperties) {
		// not NewTopic beans: Boot's KafkaAdmin would create those at start-up, blocking
		// it
		// while Kafka is unreachable
		List<NewTopic> topics = new ArrayList<>();
		if (this.properties.getEvents().isEnabled()) {
			topics.add(newTopic(this.properties.getEvents().getTopic()));
		}
		if (this.properties.getStates().isEnabled()) {
			topics.add(newTopic(this.properties.getStates().getTopic()));
		}
		KafkaAdmin admin = kafkaAdmin.getIfUnique();
		Map<String, Object> adminConfig = (admin != null) ? admin.getConfigurationProperties()
				: kafkaProperties.buildAdminProperties();
		return new TopicCreation(adminConfig, topics, this.properties.getSendTimeout());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = EVENTS_ENABLED, matchIfMissing = true)
	EgoEngineBuilderCustomizer egoKafkaPublisherCustomizer(KafkaEventPublisher publisher,
			ObjectProvider<DeadLetterStore> deadLetterStore, ObjectProvider<TopicCreation> topicCreation) {
		ProjectionSettings settings = settings();
		String name = this.properties.getEvents().getName();
		TopicCreation topics = topicCreation.getIfUnique();
		EventPublisher published = (topics != null)
				? TopicAwaitingPublishers.events(publisher, topics, this.properties.getSendTimeout()) : publisher;
		return (builder) -> {
			deadLetterStore.ifUnique(builder::deadLetterStore);
			builder.eventPublisher(name, published, settings);
		};
	}

	@Bean
	@ConditionalOnBooleanProperty(STATES_ENABLED)
	EgoEngineBuilderCustomizer egoKafkaStatePublisherCustomizer(KafkaStatePublisher publisher,
			ObjectProvider<DeadLetterStore> deadLetterStore, ObjectProvider<TopicCreation> topicCreation) {
		ProjectionSettings settings = settings();
		String name = this.properties.getStates().getName();
		TopicCreation topics = topicCreation.getIfUnique();
		StatePublisher published = (topics != null)
				? TopicAwaitingPublishers.states(publisher, topics, this.properties.getSendTimeout()) : publisher;
		return (builder) -> {
			deadLetterStore.ifUnique(builder::deadLetterStore);
			builder.statePublisher(name, published, settings);
		};
	}

	private Map<String, Object> producerProperties(KafkaProperties kafkaProperties,
			KafkaConnectionDetails connectionDetails) {
		Map<String, Object> producer = kafkaProperties.buildProducerProperties();
		KafkaConnectionDetails.Configuration connection = connectionDetails.getProducer();
		producer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
		if (StringUtils.hasLength(connection.getSecurityProtocol())) {
			producer.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
		}
		SslBundle sslBundle = connection.getSslBundle();
		if (sslBundle != null) {
			producer.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
			producer.put(SslBundle.class.getName(), sslBundle);
		}
		// a send must not block the publishing worker longer than the time it waits for
		// acknowledgements
		producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, this.properties.getSendTimeout().toMillis());
		return producer;
	}

	private NewTopic newTopic(String name) {
		TopicBuilder topic = TopicBuilder.name(name);
		if (this.properties.getPartitions() != null) {
			topic.partitions(this.properties.getPartitions());
		}
		if (this.properties.getReplicas() != null) {
			topic.replicas(this.properties.getReplicas());
		}
		return topic.build();
	}

	private ProjectionSettings settings() {
		ProjectionSettings defaults = ProjectionSettings.defaults();
		return defaults.withParallelism(this.properties.getParallelism())
			.withRecovery(defaults.recovery(), this.properties.getRetries(), this.properties.getRetryDelay());
	}

	/**
	 * The health of the topic creation, with Boot's health support.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnBooleanProperty(CREATE_TOPIC)
	static final class TopicHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "egoKafkaTopicsHealthIndicator")
		TopicCreationHealthIndicator egoKafkaTopicsHealthIndicator(TopicCreation topics) {
			return new TopicCreationHealthIndicator(topics);
		}

	}

}
