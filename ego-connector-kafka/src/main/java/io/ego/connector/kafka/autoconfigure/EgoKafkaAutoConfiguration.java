package io.ego.connector.kafka.autoconfigure;

import java.util.Map;

import io.ego.connector.kafka.KafkaEventPublisher;
import io.ego.connector.kafka.KafkaStatePublisher;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.DeadLetterStore;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;
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
 * topics are created before the engine starts.
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

	private static final Logger logger = LoggerFactory.getLogger(EgoKafkaAutoConfiguration.class);

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
	@ConditionalOnBooleanProperty(name = EVENTS_ENABLED, matchIfMissing = true)
	@ConditionalOnMissingBean(name = "egoKafkaTopic")
	NewTopic egoKafkaTopic() {
		return newTopic(this.properties.getEvents().getTopic());
	}

	@Bean
	@ConditionalOnBooleanProperty(CREATE_TOPIC)
	@ConditionalOnBooleanProperty(STATES_ENABLED)
	@ConditionalOnMissingBean(name = "egoKafkaStateTopic")
	NewTopic egoKafkaStateTopic() {
		return newTopic(this.properties.getStates().getTopic());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = EVENTS_ENABLED, matchIfMissing = true)
	EgoEngineBuilderCustomizer egoKafkaPublisherCustomizer(KafkaEventPublisher publisher,
			ObjectProvider<DeadLetterStore> deadLetterStore, ObjectProvider<KafkaAdmin> kafkaAdmin,
			ObjectProvider<NewTopic> newTopics) {
		ProjectionSettings settings = settings();
		String name = this.properties.getEvents().getName();
		return (builder) -> {
			prepare(this.properties.getEvents().getTopic(), kafkaAdmin, newTopics);
			deadLetterStore.ifUnique(builder::deadLetterStore);
			builder.eventPublisher(name, publisher, settings);
		};
	}

	@Bean
	@ConditionalOnBooleanProperty(STATES_ENABLED)
	EgoEngineBuilderCustomizer egoKafkaStatePublisherCustomizer(KafkaStatePublisher publisher,
			ObjectProvider<DeadLetterStore> deadLetterStore, ObjectProvider<KafkaAdmin> kafkaAdmin,
			ObjectProvider<NewTopic> newTopics) {
		ProjectionSettings settings = settings();
		String name = this.properties.getStates().getName();
		return (builder) -> {
			prepare(this.properties.getStates().getTopic(), kafkaAdmin, newTopics);
			deadLetterStore.ifUnique(builder::deadLetterStore);
			builder.statePublisher(name, publisher, settings);
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

	/** Creates the publisher's topic when it is to be created. */
	private void prepare(String topic, ObjectProvider<KafkaAdmin> kafkaAdmin, ObjectProvider<NewTopic> newTopics) {
		KafkaAdmin admin = kafkaAdmin.getIfUnique();
		if (admin != null) {
			newTopics.stream()
				.filter((candidate) -> candidate.name().equals(topic))
				.findFirst()
				.ifPresent((newTopic) -> createTopic(admin, newTopic));
		}
	}

	/**
	 * Creates the topic before the engine starts publishing (Boot's KafkaAdmin would only
	 * do it later), and waits until its partitions have ready leaders (see
	 * {@link TopicReadiness}).
	 */
	private void createTopic(KafkaAdmin admin, NewTopic topic) {
		try {
			admin.createOrModifyTopics(topic);
			TopicReadiness.awaitLeaders(admin.getConfigurationProperties(), topic.name(),
					this.properties.getSendTimeout());
		}
		catch (Exception ex) {
			logger.warn("Could not create topic '{}' and see its partitions ready before the engine started (the "
					+ "publisher retries until Kafka is reachable): {}", topic.name(), ex.toString());
		}
	}

}
