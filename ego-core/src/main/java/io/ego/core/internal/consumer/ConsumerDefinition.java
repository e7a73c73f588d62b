package io.ego.core.internal.consumer;

import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.publisher.EventPublisher;
import io.ego.core.publisher.StatePublisher;

/**
 * A journal consumer as registered: one of a closed set of kinds, each with its name (also its offsets' key) and
 * settings.
 *
 * @author eGo team
 * @since 0.1.0
 */
public sealed interface ConsumerDefinition {

	/** @return the consumer's name, unique among the engine's consumers */
	String name();

	/** @return its settings */
	ProjectionSettings settings();

	/**
	 * A projection: a handler of journal events.
	 *
	 * @param name the name
	 * @param handler the handler
	 * @param settings the settings
	 */
	record ProjectionDefinition(String name, Projection handler, ProjectionSettings settings)
			implements ConsumerDefinition {
	}

	/**
	 * An event publisher: hands journal events to a broker.
	 *
	 * @param name the name
	 * @param publisher the publisher
	 * @param settings the settings
	 */
	record EventPublisherDefinition(String name, EventPublisher publisher, ProjectionSettings settings)
			implements ConsumerDefinition {
	}

	/**
	 * A state publisher: hands the durable-state change feed to a broker.
	 *
	 * @param name the name
	 * @param publisher the publisher
	 * @param settings the settings
	 */
	record StatePublisherDefinition(String name, StatePublisher publisher, ProjectionSettings settings)
			implements ConsumerDefinition {
	}

}
