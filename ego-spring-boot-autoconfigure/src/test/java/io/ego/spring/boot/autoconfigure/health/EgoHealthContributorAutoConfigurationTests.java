package io.ego.spring.boot.autoconfigure.health;

import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.spring.boot.health.EgoStoresHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoHealthContributorAutoConfiguration}.
 */
class EgoHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class,
				EgoHealthContributorAutoConfiguration.class));

	@Test
	void runShouldCreateIndicatorCheckingTheStores() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EgoStoresHealthIndicator.class).hasBean("egoHealthIndicator");
			assertThat(context.getBean(EgoStoresHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.ego.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EgoStoresHealthIndicator.class));
	}

	@Test
	void runWithoutHealthSupportShouldNotCreateIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EgoStoresHealthIndicator.class));
	}

	@Test
	void runWithoutStoresShouldNotCreateIndicator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EgoHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EgoStoresHealthIndicator.class));
	}

}
