package io.ego.core.internal.consumer;

import java.util.Objects;

import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.StatePublisher;

/**
 * A state publisher: hands the durable-state change feed's states to a sink, as an event
 * publisher does the journal's events.
 *
 * @param name the publisher's name
 * @param publisher the publisher
 * @param settings its settings
 * @author eGo team
 * @since 0.1.0
 */
public record StatePublisherDefinition(String name, StatePublisher publisher,
		ProjectionSettings settings) implements ConsumerDefinition {

	public StatePublisherDefinition {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(publisher, "publisher");
		Objects.requireNonNull(settings, "settings");
	}

}
