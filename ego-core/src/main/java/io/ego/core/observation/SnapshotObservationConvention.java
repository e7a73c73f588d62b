package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#SNAPSHOT ego.snapshot} observation; implement
 * it to replace {@link DefaultSnapshotObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface SnapshotObservationConvention extends ObservationConvention<SnapshotContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof SnapshotContext;
	}

}
