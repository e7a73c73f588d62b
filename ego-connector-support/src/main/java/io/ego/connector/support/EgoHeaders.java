package io.ego.connector.support;

/**
 * The names of the headers every connector puts on what it publishes (Kafka record
 * headers, Pulsar message properties, NATS headers). Values are UTF-8 strings; they
 * repeat fields of the envelope so that consumers can route or filter without parsing it.
 * {@link Envelopes#headers(io.ego.connector.v1.PublishedEvent)} and
 * {@link Envelopes#headers(io.ego.connector.v1.PublishedState)} make them.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class EgoHeaders {

	/**
	 * The protobuf full name of the event message, e.g.
	 * {@code ego.test.bank.AccountCredited}.
	 */
	public static final String EVENT_TYPE = "ego-event-type";

	/** The protobuf full name of a published durable state's message. */
	public static final String STATE_TYPE = "ego-state-type";

	/** The entity type name, e.g. {@code account}. */
	public static final String ENTITY_TYPE = "ego-entity-type";

	/** The persistence id, {@code <entityType>|<entityId>}. */
	public static final String PERSISTENCE_ID = "ego-persistence-id";

	/** The event's sequence number in its entity's history, in decimal. */
	public static final String SEQUENCE_NR = "ego-sequence-nr";

	/** The revision of a published durable state, in decimal. */
	public static final String REVISION = "ego-revision";

	/**
	 * The id of the command whose write produced the event, copied from the event
	 * metadata key of the same name when present.
	 */
	public static final String COMMAND_ID = "ego-command-id";

	/**
	 * The W3C trace context, copied from the event metadata key of the same name when
	 * present.
	 */
	public static final String TRACEPARENT = "traceparent";

	/**
	 * The W3C trace state, copied from the event metadata key of the same name when
	 * present.
	 */
	public static final String TRACESTATE = "tracestate";

	private EgoHeaders() {
	}

}
