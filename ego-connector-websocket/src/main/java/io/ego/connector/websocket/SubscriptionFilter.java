package io.ego.connector.websocket;

import java.util.Set;

import io.ego.connector.websocket.v1.Subscribe;
import io.ego.core.projection.EventEnvelope;

/**
 * Which events a subscription receives: its entity types (all when empty) and its
 * persistence id (all when empty).
 *
 * @param entityTypes the entity types, all when empty
 * @param persistenceId the persistence id, all when empty
 * @author eGo team
 * @since 0.2.0
 */
record SubscriptionFilter(Set<String> entityTypes, String persistenceId) {

	SubscriptionFilter {
		entityTypes = Set.copyOf(entityTypes);
	}

	static SubscriptionFilter of(Subscribe subscribe) {
		return new SubscriptionFilter(Set.copyOf(subscribe.getEntityTypesList()), subscribe.getPersistenceId());
	}

	boolean matches(EventEnvelope event) {
		return (this.entityTypes.isEmpty() || this.entityTypes.contains(event.entityType()))
				&& (this.persistenceId.isEmpty() || this.persistenceId.equals(event.persistenceId()));
	}

}
