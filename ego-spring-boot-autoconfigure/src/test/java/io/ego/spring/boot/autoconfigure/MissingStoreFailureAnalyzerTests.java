package io.ego.spring.boot.autoconfigure;

import io.ego.core.store.EventStore;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MissingStoreFailureAnalyzer}.
 */
class MissingStoreFailureAnalyzerTests {

	private final MissingStoreFailureAnalyzer analyzer = new MissingStoreFailureAnalyzer();

	@Test
	void missingStoreWithStoreTypeJdbcIsExplained() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(EgoAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class))
			.withPropertyValues("ego.store.type=jdbc")
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(EventStore.class.getName())
					.contains("ego.store.type=jdbc")
					.contains("DataSource");
				assertThat(analysis.getAction()).contains("spring-boot-starter-jdbc");
			});
	}

	@Test
	void otherMissingBeansAreLeftToBoot() {
		assertThat(this.analyzer.analyze(new NoSuchBeanDefinitionException(String.class))).isNull();
	}

}
