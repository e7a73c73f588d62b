package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#RETENTION ego.retention} observation;
 * implement it to replace {@link DefaultRetentionObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface RetentionObservationConvention extends ObservationConvention<RetentionContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RetentionContext;
	}

}
