package io.ego.console.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the operator console: with {@code ego.console.enabled=true} in a
 * servlet web application with Actuator, the page, its script and style sheet and its
 * settings are served under {@code ego.console.path} ({@code /ego} by default). The page
 * calls the Actuator's {@code ego} endpoint and nothing else; the application's security
 * rules for the Actuator should cover the console's path too.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(after = { EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, WebEndpointProperties.class })
@ConditionalOnBooleanProperty("ego.console.enabled")
@EnableConfigurationProperties(EgoConsoleProperties.class)
public final class EgoConsoleAutoConfiguration {

	@Bean
	EgoConsoleController egoConsoleController(EgoConsoleProperties properties,
			ObjectProvider<WebEndpointProperties> webEndpoints, ObjectProvider<EndpointAccessResolver> access) {
		properties.validate();
		return new EgoConsoleController(properties.getPath(), webEndpoints.getIfAvailable(WebEndpointProperties::new),
				access.getIfAvailable());
	}

}
