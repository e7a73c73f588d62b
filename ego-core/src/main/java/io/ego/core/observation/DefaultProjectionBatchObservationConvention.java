package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ProjectionBatchObservationConvention}: name
 * {@code ego.projection.batch}; low-cardinality tags {@code ego.projection},
 * {@code ego.worker}; high-cardinality (traces only) {@code ego.batch.size}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultProjectionBatchObservationConvention implements ProjectionBatchObservationConvention {

	/** A shared instance. */
	public static final DefaultProjectionBatchObservationConvention INSTANCE = new DefaultProjectionBatchObservationConvention();

	@Override
	public String getName() {
		return "ego.projection.batch";
	}

	@Override
	public String getContextualName(ProjectionBatchContext context) {
		return "projection " + context.getProjection();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ProjectionBatchContext context) {
		return KeyValues.of(KeyValue.of("ego.projection", context.getProjection()),
				KeyValue.of("ego.worker", context.getWorker()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ProjectionBatchContext context) {
		return KeyValues.of(KeyValue.of("ego.batch.size", String.valueOf(context.getSize())));
	}

}
