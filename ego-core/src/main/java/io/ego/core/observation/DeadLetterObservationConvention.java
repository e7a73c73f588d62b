package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#DEAD_LETTER ego.dead.letter} observation;
 * implement it to replace {@link DefaultDeadLetterObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface DeadLetterObservationConvention extends ObservationConvention<DeadLetterContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DeadLetterContext;
	}

}
