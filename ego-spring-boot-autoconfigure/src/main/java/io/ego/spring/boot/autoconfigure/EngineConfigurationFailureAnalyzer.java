package io.ego.spring.boot.autoconfigure;

import io.ego.core.EngineConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link EngineConfigurationException} at start-up with the bean or property
 * it names.
 *
 * @author eGo team
 */
class EngineConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<EngineConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EngineConfigurationException cause) {
		return new FailureAnalysis("The eGo engine could not be configured: " + cause.getMessage(),
				"Fix the entity bean or the ego.* property named above.", cause);
	}

}
