package io.ego.core.internal.consumer;

import io.ego.core.projection.ProjectionSettings;

/**
 * What the engine registered as a reader of the journal (or of the durable-state change
 * feed): one kind per record. {@link JournalConsumers} runs each over the same worker
 * loop, with the delivery of its kind.
 *
 * @author eGo team
 * @since 0.1.0
 */
public sealed interface ConsumerDefinition
		permits ProjectionDefinition, EventPublisherDefinition, StatePublisherDefinition {

	/**
	 * @return the consumer's name: the key of its offsets, leases and dead letters
	 */
	String name();

	/**
	 * @return its settings
	 */
	ProjectionSettings settings();

}
