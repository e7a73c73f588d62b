package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link PersistObservationConvention}: name {@code ego.persist};
 * low-cardinality tags {@code ego.entity.type}, {@code ego.outcome}; high-cardinality
 * (traces only) {@code ego.persistence.id}, {@code ego.events}, {@code ego.commands}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultPersistObservationConvention implements PersistObservationConvention {

	/** A shared instance. */
	public static final DefaultPersistObservationConvention INSTANCE = new DefaultPersistObservationConvention();

	private final KeyValuesCache lowCardinality = new KeyValuesCache((entityType, outcome, unused) -> KeyValues
		.of(KeyValue.of("ego.entity.type", entityType), KeyValue.of("ego.outcome", outcome)));

	@Override
	public String getName() {
		return "ego.persist";
	}

	@Override
	public String getContextualName(PersistContext context) {
		return "persist " + context.getEntityType();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PersistContext context) {
		return this.lowCardinality.get(context.getEntityType(), context.getOutcome(), "");
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PersistContext context) {
		return KeyValues.of(KeyValue.of("ego.persistence.id", context.getPersistenceId()),
				KeyValue.of("ego.events", String.valueOf(context.getEvents())),
				KeyValue.of("ego.commands", String.valueOf(context.getCommands())));
	}

}
