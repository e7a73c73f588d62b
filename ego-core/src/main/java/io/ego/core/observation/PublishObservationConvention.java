package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#PUBLISH ego.publish} observation; implement it
 * to replace {@link DefaultPublishObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface PublishObservationConvention extends ObservationConvention<PublishContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PublishContext;
	}

}
