package io.ego.core;

/**
 * A registered entity type as the engine runs it.
 *
 * @param name the type name
 * @param kind event-sourced or durable-state
 * @param behaviorClass the behaviour's class name
 * @param settings the effective settings
 * @param liveEntities how many entities of the type are live (activated, not passivated)
 * @author eGo team
 * @since 0.1.0
 */
public record EntityTypeInfo(String name, Kind kind, String behaviorClass, EntitySettings settings, int liveEntities) {

	/** The two kinds of entity. */
	public enum Kind {

		/** State derived from a journal of events. */
		EVENT_SOURCED,

		/** The latest state stored with a revision. */
		DURABLE_STATE

	}

}
