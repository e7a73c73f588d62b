package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ProjectionEventObservationConvention}: name
 * {@code ego.projection.event}; low-cardinality tags {@code ego.projection},
 * {@code ego.worker}, {@code ego.entity.type}, {@code ego.outcome}; high-cardinality
 * (traces only) {@code ego.event.type}, {@code ego.persistence.id},
 * {@code ego.sequence.nr}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultProjectionEventObservationConvention implements ProjectionEventObservationConvention {

	/** A shared instance. */
	public static final DefaultProjectionEventObservationConvention INSTANCE = new DefaultProjectionEventObservationConvention();

	@Override
	public String getName() {
		return "ego.projection.event";
	}

	@Override
	public String getContextualName(ProjectionEventContext context) {
		return "project " + context.getEntityType();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ProjectionEventContext context) {
		return KeyValues.of(KeyValue.of("ego.projection", context.getProjection()),
				KeyValue.of("ego.worker", context.getWorker()), KeyValue.of("ego.entity.type", context.getEntityType()),
				KeyValue.of("ego.outcome", context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ProjectionEventContext context) {
		return KeyValues.of(KeyValue.of("ego.event.type", context.getEventType()),
				KeyValue.of("ego.persistence.id", context.getPersistenceId()),
				KeyValue.of("ego.sequence.nr", String.valueOf(context.getSequenceNr())));
	}

}
