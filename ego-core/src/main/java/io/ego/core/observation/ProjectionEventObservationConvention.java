package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#PROJECTION_EVENT ego.projection.event}
 * observation; implement it to replace
 * {@link DefaultProjectionEventObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface ProjectionEventObservationConvention extends ObservationConvention<ProjectionEventContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ProjectionEventContext;
	}

}
