package io.ego.core.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

	private final KeyValuesCache lowCardinality = new KeyValuesCache(
			(entityType, commandType, outcome) -> KeyValues.of(KeyValue.of("ego.entity.type", entityType),
					KeyValue.of("ego.command.type", commandType), KeyValue.of("ego.outcome", outcome)));

	/** The contextual names by entity type. */
	private final Map<String, String> contextualNames = new ConcurrentHashMap<>();

	@Override
	public String getName() {
		return "ego.command";
	}

	@Override
	public String getContextualName(CommandContext context) {
		String entityType = context.getEntityType();
		String name = this.contextualNames.get(entityType);
		if (name == null) {
			name = "command " + entityType;
			this.contextualNames.putIfAbsent(entityType, name);
		}
		return name;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CommandContext context) {
		return this.lowCardinality.get(context.getEntityType(), context.getCommandType(), context.getOutcome());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(CommandContext context) {
		return KeyValues.of(KeyValue.of("ego.entity.id", context.getEntityId()),
				KeyValue.of("ego.revision", String.valueOf(context.getRevision())));
	}

}
