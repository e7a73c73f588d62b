package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link PublishObservationConvention}: name {@code ego.publish};
 * low-cardinality tags {@code ego.publisher}, {@code ego.worker}, {@code ego.outcome};
 * high-cardinality (traces only) {@code ego.batch.size}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultPublishObservationConvention implements PublishObservationConvention {

	/** A shared instance. */
	public static final DefaultPublishObservationConvention INSTANCE = new DefaultPublishObservationConvention();

	@Override
	public String getName() {
		return "ego.publish";
	}

	@Override
	public String getContextualName(PublishContext context) {
		return "publish " + context.getPublisher();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PublishContext context) {
		return KeyValues.of(KeyValue.of("ego.publisher", context.getPublisher()),
				KeyValue.of("ego.worker", context.getWorker()), KeyValue.of("ego.outcome", context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PublishContext context) {
		return KeyValues.of(KeyValue.of("ego.batch.size", String.valueOf(context.getSize())));
	}

}
