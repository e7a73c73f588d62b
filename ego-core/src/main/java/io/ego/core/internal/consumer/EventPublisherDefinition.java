package io.ego.core.internal.consumer;

import java.util.Objects;

import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.EventPublisher;

/**
 * An event publisher: hands the journal's events to a sink in batches; outages are
 * retried until they pass, poison events are dead-lettered.
 *
 * @param name the publisher's name
 * @param publisher the publisher
 * @param settings its settings
 * @author eGo team
 * @since 0.1.0
 */
public record EventPublisherDefinition(String name, EventPublisher publisher,
		ProjectionSettings settings) implements ConsumerDefinition {

	public EventPublisherDefinition {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(publisher, "publisher");
		Objects.requireNonNull(settings, "settings");
	}

}
