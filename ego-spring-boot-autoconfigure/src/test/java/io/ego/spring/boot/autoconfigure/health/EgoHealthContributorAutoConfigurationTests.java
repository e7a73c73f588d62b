package io.ego.spring.boot.autoconfigure.health;

import java.time.Duration;

import io.ego.core.EgoEngine;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.spring.boot.health.EgoReadinessHealthIndicator;
import io.ego.spring.boot.health.EgoStoresHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
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

	@Test
	void runShouldBindTheTimeout() {
		this.contextRunner.withPropertyValues("ego.health.timeout=500ms")
			.run((context) -> assertThat(context.getBean(EgoHealthProperties.class).getTimeout())
				.isEqualTo(Duration.ofMillis(500)));
	}

	@Test
	void runShouldCreateReadinessIndicatorDownOnceTheEngineStops() {
		this.contextRunner.run((context) -> {
			EgoReadinessHealthIndicator readiness = context.getBean("egoReadinessHealthIndicator",
					EgoReadinessHealthIndicator.class);
			Health running = readiness.health();
			assertThat(running.getStatus()).isEqualTo(Status.UP);
			assertThat(running.getDetails()).containsEntry("engine", "running");
			context.getBean(EgoEngine.class).close();
			Health stopped = readiness.health();
			assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
			assertThat(stopped.getDetails()).containsEntry("engine", "not running");
		});
	}

	@Test
	void runWhenReadinessDisabledShouldOnlyCreateStoresIndicator() {
		this.contextRunner.withPropertyValues("management.health.ego-readiness.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EgoReadinessHealthIndicator.class)
				.hasSingleBean(EgoStoresHealthIndicator.class));
	}

}
