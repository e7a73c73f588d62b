package io.ego.spring.boot.autoconfigure.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Checks the {@code ego.*} properties at start-up: an unknown key fails it with
 * {@link UnknownEgoPropertiesException} (off with
 * {@code ego.fail-on-unknown-properties=false}).
 *
 * @author eGo team
 * @since 0.2.0
 */
@AutoConfiguration
public final class EgoPropertiesCheckAutoConfiguration {

	@Bean
	static BeanFactoryPostProcessor egoPropertiesCheck() {
		return new EgoPropertiesCheck();
	}

}
