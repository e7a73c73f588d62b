package io.ego.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link EgoObservation#COMMAND ego.command} observation; implement it
 * to replace {@link DefaultCommandObservationConvention}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface CommandObservationConvention extends ObservationConvention<CommandContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof CommandContext;
	}

}
