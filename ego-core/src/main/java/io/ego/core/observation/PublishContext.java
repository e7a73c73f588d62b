package io.ego.core.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the {@link EgoObservation#PUBLISH ego.publish} observation. A publisher
 * sending events to its sink until acknowledged.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class PublishContext extends Observation.Context {

	private String publisher = "";

	private String worker = "";

	private int size;

	private String outcome = "unknown";

	/**
	 * @return the publisher
	 */
	public String getPublisher() {
		return this.publisher;
	}

	/**
	 * @param publisher the publisher
	 */
	public void setPublisher(String publisher) {
		this.publisher = publisher;
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
	 * @return events sent
	 */
	public int getSize() {
		return this.size;
	}

	/**
	 * @param size events sent
	 */
	public void setSize(int size) {
		this.size = size;
	}

	/**
	 * @return success or failure
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * @param outcome success or failure
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
