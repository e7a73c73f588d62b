package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#RECOVERY ego.recovery} observation; implement
 * it to replace {@link DefaultRecoveryObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface RecoveryObservationConvention extends ObservationConvention<RecoveryContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RecoveryContext;
	}

}
