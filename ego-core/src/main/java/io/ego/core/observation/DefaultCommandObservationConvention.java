package io.ego.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link CommandObservationConvention}: name {@code ego.command};
 * low-cardinality tags {@code ego.entity.type}, {@code ego.command.type},
 * {@code ego.outcome}; high-cardinality (traces only) {@code ego.entity.id},
 * {@code ego.revision}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class DefaultCommandObservationConvention implements CommandObservationConvention {

	/** A shared instance. */
	public static final DefaultCommandObservationConvention INSTANCE = new DefaultCommandObservationConvention();

	@Override
	public String getName() {
		return "ego.command";
	}

	@Override
	public String getContextualName(CommandContext context) {
		return "command " + context.getEntityType();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CommandContext context) {
		return KeyValues.of(KeyValue.of("ego.entity.type", context.getEntityType()),
				KeyValue.of("ego.command.type", context.getCommandType()),
				KeyValue.of("ego.outcome", context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(CommandContext context) {
		return KeyValues.of(KeyValue.of("ego.entity.id", context.getEntityId()),
				KeyValue.of("ego.revision", String.valueOf(context.getRevision())));
	}

}
