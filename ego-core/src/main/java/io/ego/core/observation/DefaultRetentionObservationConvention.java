package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link RetentionObservationConvention}: name {@code ego.retention};
 * low-cardinality tags {@code ego.entity.type}, {@code ego.outcome}; high-cardinality
 * (traces only) {@code ego.persistence.id}, {@code ego.sequence.nr}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultRetentionObservationConvention implements RetentionObservationConvention {

	/** A shared instance. */
	public static final DefaultRetentionObservationConvention INSTANCE = new DefaultRetentionObservationConvention();

	@Override
	public String getName() {
		return "ego.retention";
	}

	@Override
	public String getContextualName(RetentionContext context) {
		return "retention " + context.getEntityType();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RetentionContext context) {
		return KeyValues.of(KeyValue.of("ego.entity.type", context.getEntityType()),
				KeyValue.of("ego.outcome", context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(RetentionContext context) {
		return KeyValues.of(KeyValue.of("ego.persistence.id", context.getPersistenceId()),
				KeyValue.of("ego.sequence.nr", String.valueOf(context.getSequenceNr())));
	}

}
