package io.ego.spring.boot.autoconfigure;

import io.ego.core.EgoEngineBuilder;

/**
 * Callback that customizes the {@link EgoEngineBuilder} before the auto-configured engine
 * is built: connectors register their publishers this way, and applications can add
 * anything the properties do not cover. Customizers run in
 * {@link org.springframework.core.Ordered order}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@FunctionalInterface
public interface EgoEngineBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with stores, entities and settings already applied
	 */
	void customize(EgoEngineBuilder builder);

}
