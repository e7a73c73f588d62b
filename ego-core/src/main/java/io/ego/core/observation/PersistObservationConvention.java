package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#PERSIST ego.persist} observation; implement it
 * to replace {@link DefaultPersistObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface PersistObservationConvention extends ObservationConvention<PersistContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PersistContext;
	}

}
