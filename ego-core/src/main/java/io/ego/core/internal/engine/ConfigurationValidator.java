package io.ego.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.ego.core.BehaviorContract;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntityBehavior;
import io.ego.core.EntitySettings;
import io.ego.core.ErasureMode;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.internal.consumer.ConsumerDefinition;
import io.ego.core.internal.consumer.StatePublisherDefinition;
import org.jspecify.annotations.Nullable;

/**
 * The one place an engine's configuration is checked: names and duplicates as they are
 * registered, then the whole configuration before anything is built. Every failure is an
 * {@link EngineConfigurationException} naming what is missing or wrong.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class ConfigurationValidator {

	/**
	 * Entity type and consumer names: a letter or digit, then letters, digits,
	 * {@code . _ -}; at most 64.
	 */
	public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private ConfigurationValidator() {
	}

	/**
	 * Checks an entity type as it is registered.
	 * @param name the type name
	 * @param behavior the behaviour
	 * @param registered the types registered so far
	 * @throws EngineConfigurationException when the name is invalid or taken, or the
	 * behaviour is null
	 */
	public static void checkEntity(@Nullable String name, @Nullable EntityBehavior<?> behavior,
			List<EntityRegistration> registered) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new EngineConfigurationException("invalid entity type name '" + name + "': use letters, digits, "
					+ "'.', '_' or '-', starting with a letter or digit, at most 64 characters");
		}
		if (behavior == null) {
			throw new EngineConfigurationException("behaviour of entity type '" + name + "' is null");
		}
		for (EntityRegistration existing : registered) {
			if (existing.name().equals(name)) {
				throw new EngineConfigurationException("entity type '" + name + "' is registered twice: by "
						+ existing.behavior().getClass().getName() + " and " + behavior.getClass().getName());
			}
		}
		// a handleCommand implemented; typed handlers consistent (declared events
		// folded, one handler per type)
		BehaviorContract.validate(name, behavior);
	}

	/**
	 * Checks a projection or publisher as it is registered.
	 * @param name its name
	 * @param target the handler or publisher
	 * @param settings its settings
	 * @param registered the consumers registered so far
	 * @throws EngineConfigurationException when the name is invalid or taken, or a part
	 * is null
	 */
	public static void checkConsumer(@Nullable String name, @Nullable Object target, @Nullable Object settings,
			List<ConsumerDefinition> registered) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new EngineConfigurationException("invalid projection name '" + name + "': use letters, digits, "
					+ "'.', '_' or '-', starting with a letter or digit, at most 64 characters");
		}
		if (target == null || settings == null) {
			throw new EngineConfigurationException("projection '" + name + "' needs a handler and settings");
		}
		for (ConsumerDefinition existing : registered) {
			if (existing.name().equals(name)) {
				throw new EngineConfigurationException("projection or publisher '" + name + "' is registered twice");
			}
		}
	}

	/**
	 * Checks a publisher as it is registered: as {@link #checkConsumer}, once it is not
	 * null.
	 * @param name its name
	 * @param publisher the publisher
	 * @param settings its settings
	 * @param registered the consumers registered so far
	 * @throws EngineConfigurationException when the publisher is null, the name is
	 * invalid or taken, or the settings are null
	 */
	public static void checkPublisher(@Nullable String name, @Nullable Object publisher, @Nullable Object settings,
			List<ConsumerDefinition> registered) {
		if (publisher == null) {
			throw new EngineConfigurationException("publisher '" + name + "' is null");
		}
		checkConsumer(name, publisher, settings, registered);
	}

	/**
	 * @param mode the erasure mode set
	 * @return the mode
	 * @throws EngineConfigurationException when it is null
	 */
	public static ErasureMode checkErasureMode(@Nullable ErasureMode mode) {
		if (mode == null) {
			throw new EngineConfigurationException("erasure mode is null: use REJECT or FRESH_HISTORY");
		}
		return mode;
	}

	/**
	 * @param schema the schema evolution set
	 * @return it
	 * @throws EngineConfigurationException when it is null
	 */
	public static SchemaEvolution checkSchemaEvolution(@Nullable SchemaEvolution schema) {
		if (schema == null) {
			throw new EngineConfigurationException("schema evolution is null: use SchemaEvolution.none()");
		}
		return schema;
	}

	/**
	 * Checks a whole configuration and resolves each entity type's settings against the
	 * defaults.
	 * @param configuration the configuration as collected
	 * @return the configuration with every entity type's settings resolved
	 * @throws EngineConfigurationException naming what is missing or wrong
	 */
	public static EngineConfiguration validate(EngineConfiguration configuration) {
		EngineConfiguration.Stores stores = configuration.stores();
		List<EntityRegistration> resolved = new ArrayList<>();
		for (EntityRegistration registration : configuration.entities()) {
			EntityRegistration entity = registration.resolved(configuration.defaults());
			checkStores(entity, configuration);
			resolved.add(entity);
		}
		if (configuration.encryption() != null && stores.dataKeyStore() == null) {
			throw new EngineConfigurationException(
					"encryption needs a data key store (DataKeyStore); none is " + "configured");
		}
		for (ConsumerDefinition consumer : configuration.consumers()) {
			if (consumer instanceof StatePublisherDefinition) {
				if (stores.durableStateStore() == null) {
					throw new EngineConfigurationException("state publisher '" + consumer.name()
							+ "' needs a durable-state store; none is configured");
				}
			}
			else if (stores.eventStore() == null) {
				throw new EngineConfigurationException(
						"projection '" + consumer.name() + "' needs an event store; none is configured");
			}
		}
		if (!configuration.consumers().isEmpty() && stores.offsetStore() == null) {
			throw new EngineConfigurationException("projection '" + configuration.consumers().get(0).name()
					+ "' needs an offset store; none is configured");
		}
		return new EngineConfiguration(stores, resolved, configuration.consumers(), configuration.externalConsumers(),
				configuration.defaults(), configuration.encryption(), configuration.erasureMode(),
				configuration.schema(), configuration.transactions(), configuration.clock(),
				configuration.shutdownTimeout(), configuration.telemetry(), configuration.instanceId(),
				configuration.router());
	}

	private static void checkStores(EntityRegistration entity, EngineConfiguration configuration) {
		EngineConfiguration.Stores stores = configuration.stores();
		String name = entity.name();
		EntitySettings settings = entity.resolvedSettings();
		if (!(entity.behavior() instanceof EventSourcedBehavior<?> behavior)) {
			if (stores.durableStateStore() == null) {
				throw new EngineConfigurationException(
						"durable-state entity type '" + name + "' needs a durable-state store; none is configured");
			}
			return;
		}
		if (stores.eventStore() == null) {
			throw new EngineConfigurationException(
					"event-sourced entity type '" + name + "' needs an event store; none is configured");
		}
		if (settings.snapshotInterval() > 0 && stores.snapshotStore() == null) {
			throw new EngineConfigurationException("entity type '" + name + "' has snapshot-interval "
					+ settings.snapshotInterval() + " but no snapshot store is configured");
		}
		if (settings.retention().deleteEventsOnSnapshot()) {
			String stateType = behavior.initialState().getDescriptorForType().getFullName();
			List<Integer> missing = configuration.schema().unadaptedStateRevisions(stateType);
			if (!missing.isEmpty()) {
				throw new EngineConfigurationException("entity type '" + name + "' deletes events on "
						+ "snapshot (retention) and its state '" + stateType + "' is at revision "
						+ configuration.schema().revisionOf(stateType) + ", but no snapshot adapter reads revision(s) "
						+ missing + ": an entity whose events were deleted could not recover from such a "
						+ "snapshot. Register a SnapshotAdapter for each, or turn retention off");
			}
		}
	}

}
