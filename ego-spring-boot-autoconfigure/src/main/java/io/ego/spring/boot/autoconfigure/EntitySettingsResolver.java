package io.ego.spring.boot.autoconfigure;

import java.util.Collection;

import io.ego.core.EngineConfigurationException;
import io.ego.core.EntitySettings;
import io.ego.core.RetentionPolicy;
import io.ego.spring.boot.autoconfigure.EgoProperties.EntityDefaults;
import io.ego.spring.boot.autoconfigure.EgoProperties.EntityOverrides;
import io.ego.spring.boot.autoconfigure.EgoProperties.RetentionOverrides;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code ego.entity-defaults.*} and {@code ego.entities.<type>.*} into the engine's {@link EntitySettings}.
 * An invalid value fails with an {@link InvalidConfigurationPropertyValueException} naming the full property
 * that set it; an override for a type nobody registered fails naming {@code ego.entities.<type>}.
 *
 * @author eGo team
 */
final class EntitySettingsResolver {

	static final String DEFAULTS_PREFIX = "ego.entity-defaults.";

	static final String ENTITIES_PREFIX = "ego.entities.";

	private static final EntityOverrides NO_OVERRIDES = new EntityOverrides();

	private final EgoProperties properties;

	EntitySettingsResolver(EgoProperties properties) {
		this.properties = properties;
	}

	/**
	 * Checks that every {@code ego.entities.<type>} names a registered type.
	 * @param registered the registered type names
	 * @throws EngineConfigurationException naming the property of an unknown type
	 */
	void checkOverrides(Collection<String> registered) {
		for (String type : this.properties.getEntities().keySet()) {
			if (!registered.contains(type)) {
				throw new EngineConfigurationException("property " + ENTITIES_PREFIX + type
						+ " configures entity type '" + type + "', but no such type is registered; registered types: "
						+ registered + " (declare a bean with @EventSourcedEntity(\"" + type
						+ "\") or @DurableStateEntity(\"" + type + "\"), or fix the type name)");
			}
		}
	}

	/**
	 * Returns the settings of types without overrides.
	 * @return the default settings
	 */
	EntitySettings defaults() {
		return resolve(null, NO_OVERRIDES);
	}

	/**
	 * Returns the settings of one entity type.
	 * @param type the type name
	 * @return its settings
	 */
	EntitySettings forType(String type) {
		EntityOverrides overrides = this.properties.getEntities().get(type);
		return resolve(type, (overrides != null) ? overrides : NO_OVERRIDES);
	}

	private EntitySettings resolve(@Nullable String type, EntityOverrides overrides) {
		SettingsValues values = new SettingsValues(DEFAULTS_PREFIX, ENTITIES_PREFIX, type, "entity type");
		EntityDefaults defaults = this.properties.getEntityDefaults();
		RetentionOverrides retention = overrides.getRetention();
		EgoProperties.Retention defaultRetention = defaults.getRetention();
		try {
			RetentionPolicy policy = new RetentionPolicy(
					values.pick("retention.delete-events-on-snapshot", retention.getDeleteEventsOnSnapshot(),
							defaultRetention.isDeleteEventsOnSnapshot()),
					values.pick("retention.delete-snapshots-on-snapshot", retention.getDeleteSnapshotsOnSnapshot(),
							defaultRetention.isDeleteSnapshotsOnSnapshot()),
					values.pick("retention.events-retention-count", retention.getEventsRetentionCount(),
							defaultRetention.getEventsRetentionCount()));
			return new EntitySettings(
					values.pick("passivate-after", overrides.getPassivateAfter(), defaults.getPassivateAfter()),
					values.pick("ask-timeout", overrides.getAskTimeout(), defaults.getAskTimeout()),
					values.pick("snapshot-interval", overrides.getSnapshotInterval(), defaults.getSnapshotInterval()),
					policy,
					values.pick("batch-threshold", overrides.getBatchThreshold(), defaults.getBatchThreshold()),
					values.pickNullable("batch-flush-window", overrides.getBatchFlushWindow(),
							defaults.getBatchFlushWindow()),
					values.pick("adaptive-batching", overrides.getAdaptiveBatching(), defaults.isAdaptiveBatching()),
					values.pick("max-batch-size", overrides.getMaxBatchSize(), defaults.getMaxBatchSize()),
					values.pick("replay-page-size", overrides.getReplayPageSize(), defaults.getReplayPageSize()),
					values.pick("conflict-retries", overrides.getConflictRetries(), defaults.getConflictRetries()));
		}
		catch (EngineConfigurationException ex) {
			throw values.invalid(ex);
		}
	}

}
