package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#SAGA_STEP ego.saga.step} observation;
 * implement it to replace {@link DefaultSagaStepObservationConvention}.
 *
 * @author eGo team
 * @since 0.2.0
 */
public interface SagaStepObservationConvention extends ObservationConvention<SagaStepContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof SagaStepContext;
	}

}
