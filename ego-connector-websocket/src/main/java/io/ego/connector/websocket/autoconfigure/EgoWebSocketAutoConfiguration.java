package io.ego.connector.websocket.autoconfigure;

import java.time.Duration;

import io.ego.connector.websocket.EventStreamHandler;
import io.ego.connector.websocket.EventStreamSettings;
import io.ego.core.EgoEngine;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the WebSocket event stream, when
 * {@code ego.publishers.websocket.enabled=true} in a servlet web application with Spring
 * WebSocket: an {@link EventStreamHandler} on the engine's journal, mapped at
 * {@code ego.publishers.websocket.path} (default {@code /ego/events}) with the allowed
 * origins, then customized by the {@link EventStreamRegistrationCustomizer} beans.
 * Invalid settings fail the start-up with the property's name.
 *
 * @author eGo team
 * @since 0.2.0
 */
@AutoConfiguration(after = EgoAutoConfiguration.class)
@ConditionalOnClass({ WebSocketConfigurer.class, EgoEngine.class, EgoAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("ego.publishers.websocket.enabled")
@ConditionalOnBean(EgoEngine.class)
@EnableConfigurationProperties(EgoWebSocketProperties.class)
public final class EgoWebSocketAutoConfiguration {

	private static final String PREFIX = "ego.publishers.websocket.";

	private final EgoWebSocketProperties properties;

	EgoWebSocketAutoConfiguration(EgoWebSocketProperties properties) {
		this.properties = properties;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EventStreamHandler egoEventStreamHandler(EgoEngine engine) {
		return new EventStreamHandler(engine, settings(this.properties));
	}

	@Bean
	WebSocketConfigurer egoEventStreamConfigurer(EventStreamHandler handler,
			ObjectProvider<EventStreamRegistrationCustomizer> customizers) {
		String path = path(this.properties);
		String[] origins = this.properties.getAllowedOrigins().toArray(String[]::new);
		return (registry) -> {
			WebSocketHandlerRegistration registration = registry.addHandler(handler, path);
			if (origins.length > 0) {
				registration.setAllowedOrigins(origins);
			}
			customizers.orderedStream().forEach((customizer) -> customizer.customize(registration));
		};
	}

	/**
	 * Checks the properties and makes the settings.
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid one
	 */
	static EventStreamSettings settings(EgoWebSocketProperties properties) {
		positive("max-buffered-events", properties.getMaxBufferedEvents());
		positive("page-size", properties.getPageSize());
		positive("send-timeout", properties.getSendTimeout());
		positive("poll-interval", properties.getPollInterval());
		path(properties);
		for (String origin : properties.getAllowedOrigins()) {
			if (!origin.equals("*") && !origin.contains("://")) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "allowed-origins", origin,
						"an origin is \"*\" or scheme://host[:port]");
			}
		}
		return new EventStreamSettings(properties.getMaxBufferedEvents(), properties.getSendTimeout(),
				properties.getPageSize(), properties.getPollInterval());
	}

	private static String path(EgoWebSocketProperties properties) {
		String path = properties.getPath();
		if (!path.startsWith("/") || path.contains(" ")) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "path", path,
					"a path starts with '/' and has no spaces");
		}
		return path;
	}

	private static void positive(String name, int value) {
		if (value <= 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be positive");
		}
	}

	private static void positive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be positive");
		}
	}

	/**
	 * Spring WebSocket's configuration, which maps the {@link WebSocketConfigurer} beans.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class WebSocketConfiguration {

	}

}
