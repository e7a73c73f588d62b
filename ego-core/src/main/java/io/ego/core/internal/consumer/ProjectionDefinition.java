package io.ego.core.internal.consumer;

import java.util.Objects;

import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;

/**
 * A projection: a handler of the journal's events, under its recovery policy, optionally
 * transactional.
 *
 * @param name the projection's name
 * @param handler the handler
 * @param settings its settings
 * @author eGo team
 * @since 0.1.0
 */
public record ProjectionDefinition(String name, Projection handler,
		ProjectionSettings settings) implements ConsumerDefinition {

	public ProjectionDefinition {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(handler, "handler");
		Objects.requireNonNull(settings, "settings");
	}

}
