package io.ego.connector.nats.autoconfigure;

import io.ego.connector.nats.NatsEventPublisher;
import io.ego.connector.nats.NatsStatePublisher;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.DeadLetterStore;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the NATS JetStream publishers, when
 * {@code ego.publishers.nats.enabled=true}: a {@link NatsEventPublisher} (unless
 * {@code events.enabled=false}) and, with {@code states.enabled=true}, a
 * {@link NatsStatePublisher}, registered with the engine through an
 * {@link EgoEngineBuilderCustomizer}. They publish on the application's
 * {@link Connection} bean when it defines one, else each on a connection of its own made
 * from {@code ego.publishers.nats.*} (URL, optional credentials), opened on the first
 * publish and reconnecting for ever. Their streams are created (or checked) before the
 * engine starts when NATS is reachable; otherwise on the first publish.
 *
 * @author eGo team
 * @since 0.2.0
 */
@AutoConfiguration
@ConditionalOnClass({ Connection.class, EgoEngineBuilderCustomizer.class })
@ConditionalOnBooleanProperty("ego.publishers.nats.enabled")
@EnableConfigurationProperties(EgoNatsProperties.class)
public final class EgoNatsAutoConfiguration {

	private static final String EVENTS_ENABLED = "ego.publishers.nats.events.enabled";

	private static final String STATES_ENABLED = "ego.publishers.nats.states.enabled";

	private static final Logger logger = LoggerFactory.getLogger(EgoNatsAutoConfiguration.class);

	private final EgoNatsProperties properties;

	EgoNatsAutoConfiguration(EgoNatsProperties properties) {
		this.properties = properties;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = EVENTS_ENABLED, matchIfMissing = true)
	NatsEventPublisher egoNatsEventPublisher(ObjectProvider<Connection> connection) {
		Connection shared = connection.getIfUnique();
		NatsEventPublisher.Builder builder = (shared != null) ? NatsEventPublisher.builder(shared)
				: NatsEventPublisher.builder(options());
		return builder.stream(this.properties.getEvents().getStream())
			.subject(this.properties.getEvents().getSubject())
			.createStream(this.properties.isCreateStream())
			.duplicateWindow(this.properties.getDuplicateWindow())
			.storage(this.properties.getStorage())
			.replicas(this.properties.getReplicas())
			.entityTypes(this.properties.getEntityTypes())
			.sendTimeout(this.properties.getSendTimeout())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(STATES_ENABLED)
	NatsStatePublisher egoNatsStatePublisher(ObjectProvider<Connection> connection) {
		Connection shared = connection.getIfUnique();
		NatsStatePublisher.Builder builder = (shared != null) ? NatsStatePublisher.builder(shared)
				: NatsStatePublisher.builder(options());
		return builder.stream(this.properties.getStates().getStream())
			.subject(this.properties.getStates().getSubject())
			.createStream(this.properties.isCreateStream())
			.duplicateWindow(this.properties.getDuplicateWindow())
			.storage(this.properties.getStorage())
			.replicas(this.properties.getReplicas())
			.entityTypes(this.properties.getEntityTypes())
			.sendTimeout(this.properties.getSendTimeout())
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = EVENTS_ENABLED, matchIfMissing = true)
	EgoEngineBuilderCustomizer egoNatsPublisherCustomizer(NatsEventPublisher publisher,
			ObjectProvider<DeadLetterStore> deadLetterStore) {
		ProjectionSettings settings = settings();
		String name = this.properties.getEvents().getName();
		return (builder) -> {
			prepare(publisher.stream(), publisher::prepareStream);
			deadLetterStore.ifUnique(builder::deadLetterStore);
			builder.eventPublisher(name, publisher, settings);
		};
	}

	@Bean
	@ConditionalOnBooleanProperty(STATES_ENABLED)
	EgoEngineBuilderCustomizer egoNatsStatePublisherCustomizer(NatsStatePublisher publisher,
			ObjectProvider<DeadLetterStore> deadLetterStore) {
		ProjectionSettings settings = settings();
		String name = this.properties.getStates().getName();
		return (builder) -> {
			prepare(publisher.stream(), publisher::prepareStream);
			deadLetterStore.ifUnique(builder::deadLetterStore);
			builder.statePublisher(name, publisher, settings);
		};
	}

	/**
	 * @return the options of a publisher's own connection: the URL(s), the credentials
	 * set, reconnecting for ever
	 */
	Options options() {
		Options.Builder options = Options.builder()
			.servers(StringUtils.commaDelimitedListToStringArray(this.properties.getUrl().replace(" ", "")))
			.connectionName(this.properties.getConnectionName())
			.connectionTimeout(this.properties.getConnectionTimeout())
			.reconnectWait(this.properties.getReconnectWait())
			.maxReconnects(-1)
			.reconnectBufferSize(64L * 1024 * 1024);
		String username = this.properties.getUsername();
		if (StringUtils.hasText(username)) {
			String password = this.properties.getPassword();
			options.userInfo(username, (password != null) ? password : "");
		}
		String token = this.properties.getToken();
		if (StringUtils.hasText(token)) {
			options.token(token.toCharArray());
		}
		String credentials = this.properties.getCredentials();
		if (StringUtils.hasText(credentials)) {
			options.authHandler(Nats.credentials(credentials));
		}
		return options.build();
	}

	private ProjectionSettings settings() {
		ProjectionSettings defaults = ProjectionSettings.defaults();
		return defaults.withParallelism(this.properties.getParallelism())
			.withRecovery(defaults.recovery(), this.properties.getRetries(), this.properties.getRetryDelay());
	}

	/**
	 * Creates or checks the stream before the engine starts; publishing retries later.
	 */
	private static void prepare(String stream, Preparation preparation) {
		try {
			preparation.prepare();
		}
		catch (Exception ex) {
			logger.warn("Could not create or check JetStream stream '{}' before the engine started (the publisher "
					+ "retries until it can): {}", stream, ex.toString());
		}
	}

	@FunctionalInterface
	private interface Preparation {

		void prepare() throws Exception;

	}

}
