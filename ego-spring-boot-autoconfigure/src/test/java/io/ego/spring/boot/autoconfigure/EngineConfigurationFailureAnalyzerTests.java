package io.ego.spring.boot.autoconfigure;

import io.ego.core.EngineConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EngineConfigurationFailureAnalyzer}.
 */
class EngineConfigurationFailureAnalyzerTests {

	@Test
	void analysisDescribesTheNestedConfigurationFailure() {
		EngineConfigurationException cause = new EngineConfigurationException("bean 'x' is wrong");
		FailureAnalysis analysis = new EngineConfigurationFailureAnalyzer()
			.analyze(new BeanCreationException("egoEngine", "failed", cause));
		assertThat(analysis.getDescription()).contains("bean 'x' is wrong");
		assertThat(analysis.getAction()).contains("ego.*");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

}
