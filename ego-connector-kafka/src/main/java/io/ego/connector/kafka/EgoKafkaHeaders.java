package io.ego.connector.kafka;

import io.ego.connector.support.EgoHeaders;

/**
 * Names of the headers {@link KafkaEventPublisher} and {@link KafkaStatePublisher} put on
 * every record. Values are UTF-8 strings; they repeat fields of the
 * {@link io.ego.connector.v1.PublishedEvent} value so that consumers can route or filter
 * without parsing it. The names are those of every connector ({@link EgoHeaders}).
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class EgoKafkaHeaders {

	/**
	 * The protobuf full name of the event message, e.g.
	 * {@code ego.test.bank.AccountCredited}.
	 */
	public static final String EVENT_TYPE = EgoHeaders.EVENT_TYPE;

	/** The entity type name, e.g. {@code account}. */
	public static final String ENTITY_TYPE = EgoHeaders.ENTITY_TYPE;

	/** The persistence id, {@code <entityType>|<entityId>}; also the record key. */
	public static final String PERSISTENCE_ID = EgoHeaders.PERSISTENCE_ID;

	/** The event's sequence number in its entity's history, in decimal. */
	public static final String SEQUENCE_NR = EgoHeaders.SEQUENCE_NR;

	/**
	 * The protobuf full name of a published durable state's message
	 * ({@link KafkaStatePublisher}).
	 */
	public static final String STATE_TYPE = EgoHeaders.STATE_TYPE;

	/**
	 * The revision of a published durable state ({@link KafkaStatePublisher}), in
	 * decimal.
	 */
	public static final String REVISION = EgoHeaders.REVISION;

	/**
	 * The id of the command whose write produced the event, copied from the event
	 * metadata key of the same name when present.
	 */
	public static final String COMMAND_ID = EgoHeaders.COMMAND_ID;

	/**
	 * The W3C trace context header, copied from the event metadata key of the same name
	 * when present.
	 */
	public static final String TRACEPARENT = EgoHeaders.TRACEPARENT;

	/**
	 * The W3C trace state header, copied from the event metadata key of the same name
	 * when present.
	 */
	public static final String TRACESTATE = EgoHeaders.TRACESTATE;

	private EgoKafkaHeaders() {
	}

}
