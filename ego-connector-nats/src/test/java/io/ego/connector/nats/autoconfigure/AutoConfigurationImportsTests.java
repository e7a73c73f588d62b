package io.ego.connector.nats.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the module registers its auto-configuration with Spring Boot.
 */
class AutoConfigurationImportsTests {

	@Test
	void theNatsPublisherAutoConfigurationIsRegistered() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(EgoNatsAutoConfiguration.class.getName());
	}

}
