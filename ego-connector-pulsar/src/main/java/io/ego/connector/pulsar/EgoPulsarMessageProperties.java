package io.ego.connector.pulsar;

/**
 * The names of the message properties the publishers set (UTF-8 strings), so that
 * consumers can route or filter without parsing the value.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EgoPulsarMessageProperties {

	/** The event's protobuf full name. */
	public static final String EVENT_TYPE = "ego-event-type";

	/** The state's protobuf full name. */
	public static final String STATE_TYPE = "ego-state-type";

	/** The entity type. */
	public static final String ENTITY_TYPE = "ego-entity-type";

	/** The persistence id (also the message key). */
	public static final String PERSISTENCE_ID = "ego-persistence-id";

	/** The event's sequence number, in decimal. */
	public static final String SEQUENCE_NR = "ego-sequence-nr";

	/** The state's revision, in decimal. */
	public static final String REVISION = "ego-revision";

	/** W3C trace context, copied from the event metadata key of the same name. */
	public static final String TRACEPARENT = "traceparent";

	/** W3C trace state, copied from the event metadata key of the same name. */
	public static final String TRACESTATE = "tracestate";

	private EgoPulsarMessageProperties() {
	}

}
