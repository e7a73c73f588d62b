package io.ego.core.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * Context of the {@link EgoObservation#SAGA_STEP ego.saga.step} observation: one attempt
 * of a saga step, from the dispatcher sending its command to its outcome; a child of the
 * dispatcher's handling of the saga event that recorded the step.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class SagaStepContext extends ReceiverContext<Map<String, String>> {

	private String saga = "";

	private String step = "";

	private String sagaId = "";

	private String targetType = "";

	private boolean compensating;

	private int attempt;

	private String outcome = "unknown";

	/**
	 * Creates the context of a step recorded by a saga event.
	 * @param metadata the saga event's metadata, which carries its trace context
	 */
	public SagaStepContext(Map<String, String> metadata) {
		super((carrier, key) -> carrier.get(key), Kind.CONSUMER);
		setCarrier(metadata);
	}

	/**
	 * @return the saga's name
	 */
	public String getSaga() {
		return this.saga;
	}

	/**
	 * @param saga the saga's name
	 */
	public void setSaga(String saga) {
		this.saga = saga;
	}

	/**
	 * @return the step's name
	 */
	public String getStep() {
		return this.step;
	}

	/**
	 * @param step the step's name
	 */
	public void setStep(String step) {
		this.step = step;
	}

	/**
	 * @return the saga instance's id
	 */
	public String getSagaId() {
		return this.sagaId;
	}

	/**
	 * @param sagaId the saga instance's id
	 */
	public void setSagaId(String sagaId) {
		this.sagaId = sagaId;
	}

	/**
	 * @return the entity type the step's command goes to
	 */
	public String getTargetType() {
		return this.targetType;
	}

	/**
	 * @param targetType the entity type the step's command goes to
	 */
	public void setTargetType(String targetType) {
		this.targetType = targetType;
	}

	/**
	 * @return whether the step compensates an earlier one
	 */
	public boolean isCompensating() {
		return this.compensating;
	}

	/**
	 * @param compensating whether the step compensates an earlier one
	 */
	public void setCompensating(boolean compensating) {
		this.compensating = compensating;
	}

	/**
	 * @return the attempt, from 1
	 */
	public int getAttempt() {
		return this.attempt;
	}

	/**
	 * @param attempt the attempt, from 1
	 */
	public void setAttempt(int attempt) {
		this.attempt = attempt;
	}

	/**
	 * @return {@code accepted}, {@code rejected}, {@code failed} or {@code unknown}
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * @param outcome the outcome
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
