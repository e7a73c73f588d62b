package io.ego.connector.websocket.autoconfigure;

import java.time.Duration;

import io.ego.connector.websocket.EventStreamHandler;
import io.ego.connector.websocket.EventStreamSettings;
import io.ego.core.EgoEngine;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoWebSocketAutoConfiguration}: the conditions (enabled, a servlet web
 * application, Spring WebSocket, an engine), the settings from the properties, and the
 * fail-fast checks naming the property.
 */
class EgoWebSocketAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoInMemoryStoreAutoConfiguration.class, EgoAutoConfiguration.class,
				EgoWebSocketAutoConfiguration.class));

	private final WebApplicationContextRunner enabled = this.contextRunner
		.withPropertyValues("ego.publishers.websocket.enabled=true");

	@Test
	void nothingIsConfiguredUnlessEnabled() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(EgoEngine.class)
			.doesNotHaveBean(EventStreamHandler.class)
			.doesNotHaveBean(EgoWebSocketProperties.class));
	}

	@Test
	void enabledMapsAHandlerWithTheDefaultSettings() {
		this.enabled.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(EventStreamHandler.class);
			assertThat(context.getBeansOfType(WebSocketConfigurer.class)).containsKey("egoEventStreamConfigurer");
			assertThat(context.getBean(EventStreamHandler.class).settings()).isEqualTo(EventStreamSettings.defaults());
		});
	}

	@Test
	void thePropertiesMakeTheSettings() {
		this.enabled
			.withPropertyValues("ego.publishers.websocket.max-buffered-events=64",
					"ego.publishers.websocket.send-timeout=3s", "ego.publishers.websocket.page-size=100",
					"ego.publishers.websocket.poll-interval=250ms")
			.run((context) -> assertThat(context.getBean(EventStreamHandler.class).settings())
				.isEqualTo(new EventStreamSettings(64, Duration.ofSeconds(3), 100, Duration.ofMillis(250))));
	}

	@Test
	void invalidSettingsFailTheStartWithThePropertyName() {
		this.enabled.withPropertyValues("ego.publishers.websocket.max-buffered-events=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ego.publishers.websocket.max-buffered-events");
		});
		this.enabled.withPropertyValues("ego.publishers.websocket.send-timeout=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("ego.publishers.websocket.send-timeout"));
		this.enabled.withPropertyValues("ego.publishers.websocket.path=events")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("ego.publishers.websocket.path"));
		this.enabled.withPropertyValues("ego.publishers.websocket.allowed-origins=example.com")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("ego.publishers.websocket.allowed-origins"));
	}

	@Test
	void nothingIsConfiguredOutsideAServletWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EgoInMemoryStoreAutoConfiguration.class,
					EgoAutoConfiguration.class, EgoWebSocketAutoConfiguration.class))
			.withPropertyValues("ego.publishers.websocket.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStreamHandler.class));
	}

	@Test
	void nothingIsConfiguredWithoutSpringWebSocket() {
		this.enabled.withClassLoader(new FilteredClassLoader(WebSocketConfigurer.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStreamHandler.class));
	}

	@Test
	void anApplicationHandlerIsKept() {
		this.enabled
			.withBean("myHandler", EventStreamHandler.class,
					() -> new EventStreamHandler(EgoEngine.builder().inMemoryStores().build(),
							EventStreamSettings.defaults().withMaxBufferedEvents(7)))
			.run((context) -> assertThat(context.getBean(EventStreamHandler.class).settings().maxBufferedEvents())
				.isEqualTo(7));
	}

}
