package io.ego.connector.nats;

import io.ego.connector.support.EgoHeaders;

/**
 * Names of the headers {@link NatsEventPublisher} and {@link NatsStatePublisher} put on
 * every message. Values are UTF-8 strings; they repeat fields of the envelope so that
 * consumers can route or filter without parsing the data. Besides {@value #MSG_ID}, the
 * names are every connector's ({@link EgoHeaders}).
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EgoNatsHeaders {

	/**
	 * JetStream's deduplication header: {@code <persistence id>#<sequence nr>} for events
	 * ({@code #<part>} appended for the parts after the first of a split event),
	 * {@code <persistence id>@<revision>} for states.
	 */
	public static final String MSG_ID = "Nats-Msg-Id";

	/** The protobuf full name of the event message. */
	public static final String EVENT_TYPE = EgoHeaders.EVENT_TYPE;

	/** The protobuf full name of a published durable state's message. */
	public static final String STATE_TYPE = EgoHeaders.STATE_TYPE;

	/** The entity type name, e.g. {@code account}. */
	public static final String ENTITY_TYPE = EgoHeaders.ENTITY_TYPE;

	/** The persistence id, {@code <entityType>|<entityId>}. */
	public static final String PERSISTENCE_ID = EgoHeaders.PERSISTENCE_ID;

	/** The event's sequence number in its entity's history, in decimal. */
	public static final String SEQUENCE_NR = EgoHeaders.SEQUENCE_NR;

	/** The revision of a published durable state, in decimal. */
	public static final String REVISION = EgoHeaders.REVISION;

	/**
	 * The id of the command whose write produced the event, copied from the event
	 * metadata key of the same name when present.
	 */
	public static final String COMMAND_ID = EgoHeaders.COMMAND_ID;

	/** The W3C trace context, copied from the event metadata key of the same name. */
	public static final String TRACEPARENT = EgoHeaders.TRACEPARENT;

	/** The W3C trace state, copied from the event metadata key of the same name. */
	public static final String TRACESTATE = EgoHeaders.TRACESTATE;

	private EgoNatsHeaders() {
	}

}
