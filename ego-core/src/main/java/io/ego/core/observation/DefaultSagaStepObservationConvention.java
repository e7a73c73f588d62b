package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link SagaStepObservationConvention}: name {@code ego.saga.step};
 * low-cardinality tags {@code ego.saga}, {@code ego.saga.step}, {@code ego.compensating},
 * {@code ego.outcome} (its timer counts the steps by saga, step and outcome);
 * high-cardinality (traces only) {@code ego.saga.id}, {@code ego.entity.type},
 * {@code ego.attempt}.
 *
 * @author eGo team
 * @since 0.2.0
 */
public class DefaultSagaStepObservationConvention implements SagaStepObservationConvention {

	/** A shared instance. */
	public static final DefaultSagaStepObservationConvention INSTANCE = new DefaultSagaStepObservationConvention();

	@Override
	public String getName() {
		return "ego.saga.step";
	}

	@Override
	public String getContextualName(SagaStepContext context) {
		return "saga " + context.getSaga() + " " + context.getStep();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(SagaStepContext context) {
		return KeyValues.of(KeyValue.of("ego.saga", context.getSaga()), KeyValue.of("ego.saga.step", context.getStep()),
				KeyValue.of("ego.compensating", String.valueOf(context.isCompensating())),
				KeyValue.of("ego.outcome", context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(SagaStepContext context) {
		return KeyValues.of(KeyValue.of("ego.saga.id", context.getSagaId()),
				KeyValue.of("ego.entity.type", context.getTargetType()),
				KeyValue.of("ego.attempt", String.valueOf(context.getAttempt())));
	}

}
