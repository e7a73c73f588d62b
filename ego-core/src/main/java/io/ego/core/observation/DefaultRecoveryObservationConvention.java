package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link RecoveryObservationConvention}: name {@code ego.recovery};
 * low-cardinality tags {@code ego.entity.type}, {@code ego.recovery.from.snapshot},
 * {@code ego.outcome}; high-cardinality (traces only) {@code ego.persistence.id},
 * {@code ego.events.replayed}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultRecoveryObservationConvention implements RecoveryObservationConvention {

	/** A shared instance. */
	public static final DefaultRecoveryObservationConvention INSTANCE = new DefaultRecoveryObservationConvention();

	@Override
	public String getName() {
		return "ego.recovery";
	}

	@Override
	public String getContextualName(RecoveryContext context) {
		return "recover " + context.getEntityType();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RecoveryContext context) {
		return KeyValues.of(KeyValue.of("ego.entity.type", context.getEntityType()),
				KeyValue.of("ego.recovery.from.snapshot", String.valueOf(context.isFromSnapshot())),
				KeyValue.of("ego.outcome", context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(RecoveryContext context) {
		return KeyValues.of(KeyValue.of("ego.persistence.id", context.getPersistenceId()),
				KeyValue.of("ego.events.replayed", String.valueOf(context.getEventsReplayed())));
	}

}
