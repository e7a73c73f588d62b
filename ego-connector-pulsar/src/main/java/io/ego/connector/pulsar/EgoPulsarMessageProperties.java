package io.ego.connector.pulsar;

import io.ego.connector.support.EgoHeaders;

/**
 * The names of the message properties the publishers set (UTF-8 strings), so that
 * consumers can route or filter without parsing the value. The names are every
 * connector's ({@link EgoHeaders}).
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EgoPulsarMessageProperties {

	/** The event's protobuf full name. */
	public static final String EVENT_TYPE = EgoHeaders.EVENT_TYPE;

	/** The state's protobuf full name. */
	public static final String STATE_TYPE = EgoHeaders.STATE_TYPE;

	/** The entity type. */
	public static final String ENTITY_TYPE = EgoHeaders.ENTITY_TYPE;

	/** The persistence id (also the message key). */
	public static final String PERSISTENCE_ID = EgoHeaders.PERSISTENCE_ID;

	/** The event's sequence number, in decimal. */
	public static final String SEQUENCE_NR = EgoHeaders.SEQUENCE_NR;

	/** The state's revision, in decimal. */
	public static final String REVISION = EgoHeaders.REVISION;

	/**
	 * The id of the command whose write produced the event, copied from the event
	 * metadata key of the same name.
	 */
	public static final String COMMAND_ID = EgoHeaders.COMMAND_ID;

	/** W3C trace context, copied from the event metadata key of the same name. */
	public static final String TRACEPARENT = EgoHeaders.TRACEPARENT;

	/** W3C trace state, copied from the event metadata key of the same name. */
	public static final String TRACESTATE = EgoHeaders.TRACESTATE;

	private EgoPulsarMessageProperties() {
	}

}
