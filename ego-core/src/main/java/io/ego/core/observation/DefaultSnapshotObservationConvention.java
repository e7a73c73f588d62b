package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link SnapshotObservationConvention}: name {@code ego.snapshot};
 * low-cardinality tags {@code ego.entity.type}, {@code ego.outcome}; high-cardinality
 * (traces only) {@code ego.persistence.id}, {@code ego.sequence.nr}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultSnapshotObservationConvention implements SnapshotObservationConvention {

	/** A shared instance. */
	public static final DefaultSnapshotObservationConvention INSTANCE = new DefaultSnapshotObservationConvention();

	@Override
	public String getName() {
		return "ego.snapshot";
	}

	@Override
	public String getContextualName(SnapshotContext context) {
		return "snapshot " + context.getEntityType();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(SnapshotContext context) {
		return KeyValues.of(KeyValue.of("ego.entity.type", context.getEntityType()),
				KeyValue.of("ego.outcome", context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(SnapshotContext context) {
		return KeyValues.of(KeyValue.of("ego.persistence.id", context.getPersistenceId()),
				KeyValue.of("ego.sequence.nr", String.valueOf(context.getSequenceNr())));
	}

}
