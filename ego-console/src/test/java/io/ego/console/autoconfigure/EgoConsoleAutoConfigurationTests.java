package io.ego.console.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoConsoleAutoConfiguration}: off by default, on with
 * {@code ego.console.enabled}, only in a servlet web application, and a wrong path fails
 * start-up naming the property.
 */
class EgoConsoleAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				EgoConsoleAutoConfiguration.class));

	@Test
	void consoleIsOffByDefault() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EgoConsoleController.class));
	}

	@Test
	void consoleIsServedWhenEnabled() {
		this.runner.withPropertyValues("ego.console.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(EgoConsoleController.class)
				.getBean(EgoConsoleProperties.class)
				.extracting(EgoConsoleProperties::getPath)
				.isEqualTo("/ego"));
	}

	@Test
	void consoleNeedsAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EgoConsoleAutoConfiguration.class))
			.withPropertyValues("ego.console.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EgoConsoleController.class));
	}

	@Test
	void invalidPathFailsStartUpNamingTheProperty() {
		for (String path : new String[] { "", "/", "ego", "/ego/", "/ego/**", "/e go" }) {
			this.runner.withPropertyValues("ego.console.enabled=true", "ego.console.path=" + path)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("ego.console.path")
					.hasMessageContaining("'" + path + "'"));
		}
	}

}
