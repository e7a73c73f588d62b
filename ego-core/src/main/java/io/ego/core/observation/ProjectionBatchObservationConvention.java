package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#PROJECTION_BATCH ego.projection.batch}
 * observation; implement it to replace
 * {@link DefaultProjectionBatchObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface ProjectionBatchObservationConvention extends ObservationConvention<ProjectionBatchContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ProjectionBatchContext;
	}

}
