package io.ego.connector.kafka;

/**
 * Names of the headers {@link KafkaEventPublisher} and {@link KafkaStatePublisher} put on
 * every record. Values are UTF-8 strings; they repeat fields of the
 * {@link io.ego.connector.kafka.v1.PublishedEvent} value so that consumers can route or
 * filter without parsing it.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EgoKafkaHeaders {

	/**
	 * The protobuf full name of the event message, e.g.
	 * {@code ego.test.bank.AccountCredited}.
	 */
	public static final String EVENT_TYPE = "ego-event-type";

	/** The entity type name, e.g. {@code account}. */
	public static final String ENTITY_TYPE = "ego-entity-type";

	/** The persistence id, {@code <entityType>|<entityId>}; also the record key. */
	public static final String PERSISTENCE_ID = "ego-persistence-id";

	/** The event's sequence number in its entity's history, in decimal. */
	public static final String SEQUENCE_NR = "ego-sequence-nr";

	/**
	 * The protobuf full name of a published durable state's message
	 * ({@link KafkaStatePublisher}).
	 */
	public static final String STATE_TYPE = "ego-state-type";

	/**
	 * The revision of a published durable state ({@link KafkaStatePublisher}), in
	 * decimal.
	 */
	public static final String REVISION = "ego-revision";

	/**
	 * The W3C trace context header, copied from the event metadata key of the same name
	 * when present.
	 */
	public static final String TRACEPARENT = "traceparent";

	/**
	 * The W3C trace state header, copied from the event metadata key of the same name
	 * when present.
	 */
	public static final String TRACESTATE = "tracestate";

	private EgoKafkaHeaders() {
	}

}
