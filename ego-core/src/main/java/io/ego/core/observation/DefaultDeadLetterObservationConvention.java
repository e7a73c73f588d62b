package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link DeadLetterObservationConvention}: name {@code ego.dead.letter};
 * low-cardinality tags {@code ego.consumer}, {@code ego.entity.type}; high-cardinality
 * (traces only) {@code ego.persistence.id}, {@code ego.sequence.nr}, {@code ego.cause}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultDeadLetterObservationConvention implements DeadLetterObservationConvention {

	/** A shared instance. */
	public static final DefaultDeadLetterObservationConvention INSTANCE = new DefaultDeadLetterObservationConvention();

	@Override
	public String getName() {
		return "ego.dead.letter";
	}

	@Override
	public String getContextualName(DeadLetterContext context) {
		return "dead letter " + context.getConsumer();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DeadLetterContext context) {
		return KeyValues.of(KeyValue.of("ego.consumer", context.getConsumer()),
				KeyValue.of("ego.entity.type", context.getEntityType()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DeadLetterContext context) {
		return KeyValues.of(KeyValue.of("ego.persistence.id", context.getPersistenceId()),
				KeyValue.of("ego.sequence.nr", String.valueOf(context.getSequenceNr())),
				KeyValue.of("ego.cause", context.getCause()));
	}

}
