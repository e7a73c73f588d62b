package io.ego.core.observation;

import io.micrometer.observation.Observation;

/**
 * Context of the {@link EgoObservation#PROJECTION_BATCH ego.projection.batch}
 * observation. A projection worker handling one batch read from the journal.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class ProjectionBatchContext extends Observation.Context {

	private String projection = "";

	private String worker = "";

	private int size;

	/**
	 * @return the projection or publisher
	 */
	public String getProjection() {
		return this.projection;
	}

	/**
	 * @param projection the projection or publisher
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
	 * @return events in the batch
	 */
	public int getSize() {
		return this.size;
	}

	/**
	 * @param size events in the batch
	 */
	public void setSize(int size) {
		this.size = size;
	}

}
