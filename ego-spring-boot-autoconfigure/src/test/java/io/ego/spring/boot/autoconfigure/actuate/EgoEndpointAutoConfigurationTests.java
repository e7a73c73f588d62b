package io.ego.spring.boot.autoconfigure.actuate;

import io.ego.spring.boot.actuate.endpoint.EgoEndpoint;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoEndpointAutoConfiguration}.
 */
class EgoEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class,
				EgoEndpointAutoConfiguration.class))
		.withBean(AccountEntity.class);

	@Test
	void runWhenExposedShouldHaveEndpointBean() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ego")
			.run((context) -> assertThat(context).hasSingleBean(EgoEndpoint.class)
				.getBean(EgoEndpoint.class)
				.satisfies(
						(endpoint) -> assertThat(((EgoEndpoint.EgoDescriptor) endpoint.ego().getBody()).entityTypes())
							.hasSize(1)));
	}

	@Test
	void runWhenNotExposedShouldNotHaveEndpointBean() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EgoEndpoint.class));
	}

	@Test
	void runWhenAccessIsNoneShouldNotHaveEndpointBean() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=ego", "management.endpoint.ego.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(EgoEndpoint.class));
	}

	@Test
	void runWithoutActuatorShouldNotHaveEndpointBean() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=ego")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EgoEndpoint.class));
	}

	@Test
	void runWithoutEngineShouldNotHaveEndpointBean() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EgoEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=ego")
			.run((context) -> assertThat(context).doesNotHaveBean(EgoEndpoint.class));
	}

}
