package io.ego.spring.boot.autoconfigure.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@link UnknownEgoPropertiesException} at start-up: each unknown key, where it
 * was set, and the nearest valid one.
 *
 * @author eGo team
 */
class UnknownEgoPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnknownEgoPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownEgoPropertiesException cause) {
		return new FailureAnalysis(
				"eGo properties are set that no module on the class path defines:\n  - "
						+ String.join("\n  - ", cause.unknown()),
				"Fix the key (or add the module that defines it). To start anyway, set "
						+ "ego.fail-on-unknown-properties=false.",
				cause);
	}

}
