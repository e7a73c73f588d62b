package io.ego.core.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * Context of the {@link EgoObservation#PROJECTION_EVENT ego.projection.event}
 * observation. A projection handling one event; it continues the trace of the command
 * that persisted the event.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class ProjectionEventContext extends ReceiverContext<Map<String, String>> {

	private String projection = "";

	private String worker = "";

	private String entityType = "";

	private String eventType = "";

	private String persistenceId = "";

	private long sequenceNr;

	private String outcome = "unknown";

	/**
	 * @return the projection
	 */
	public String getProjection() {
		return this.projection;
	}

	/**
	 * @param projection the projection
	 */
	public void setProjection(String projection) {
		this.projection = projection;
	}

	/**
	 * @return the worker's slice range
	 */
	public String getWorker() {
		return this.worker;
	}

	/**
	 * @param worker the worker's slice range
	 */
	public void setWorker(String worker) {
		this.worker = worker;
	}

	/**
	 * @return the event's entity type
	 */
	public String getEntityType() {
		return this.entityType;
	}

	/**
	 * @param entityType the event's entity type
	 */
	public void setEntityType(String entityType) {
		this.entityType = entityType;
	}

	/**
	 * @return the protobuf full name of the event
	 */
	public String getEventType() {
		return this.eventType;
	}

	/**
	 * @param eventType the protobuf full name of the event
	 */
	public void setEventType(String eventType) {
		this.eventType = eventType;
	}

	/**
	 * @return the event's entity
	 */
	public String getPersistenceId() {
		return this.persistenceId;
	}

	/**
	 * @param persistenceId the event's entity
	 */
	public void setPersistenceId(String persistenceId) {
		this.persistenceId = persistenceId;
	}

	/**
	 * @return the event's sequence number
	 */
	public long getSequenceNr() {
		return this.sequenceNr;
	}

	/**
	 * @param sequenceNr the event's sequence number
	 */
	public void setSequenceNr(long sequenceNr) {
		this.sequenceNr = sequenceNr;
	}

	/**
	 * @return handled, skipped or failed
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * @param outcome handled, skipped or failed
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/**
	 * Creates a context reading the trace context from an event's metadata.
	 * @param metadata the event's metadata
	 */
	public ProjectionEventContext(Map<String, String> metadata) {
		super((carrier, key) -> carrier.get(key), Kind.CONSUMER);
		setCarrier(metadata);
	}

}
