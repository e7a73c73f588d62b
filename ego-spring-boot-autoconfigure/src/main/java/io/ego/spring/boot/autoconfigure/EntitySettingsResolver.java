package io.ego.spring.boot.autoconfigure;

import java.util.Collection;

import io.ego.core.EngineConfigurationException;
import io.ego.core.EntitySettings;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code ego.entity-defaults.*} and {@code ego.entities.<type>.*} into the engine's
 * {@link EntitySettings}. An invalid value fails with an
 * {@link InvalidConfigurationPropertyValueException} naming the full property that set
 * it; an override for a type nobody registered fails naming {@code ego.entities.<type>}.
 *
 * @author eGo team
 */
final class EntitySettingsResolver {

	private final EgoProperties properties;

	private final SettingsValues<EntityProperties, EntitySettings> values;

	EntitySettingsResolver(EgoProperties properties) {
		this.properties = properties;
		this.values = new SettingsValues<>("ego.entity-defaults", "ego.entities", "entity type",
				properties.getEntityDefaults(), properties.getEntities(), EntitySettings.defaults(),
				EntityProperties::applyTo);
	}

	/**
	 * Checks that every {@code ego.entities.<type>} names a registered type.
	 * @param registered the registered type names
	 * @throws EngineConfigurationException naming the property of an unknown type
	 */
	void checkOverrides(Collection<String> registered) {
		for (String type : this.properties.getEntities().keySet()) {
			if (!registered.contains(type)) {
				throw new EngineConfigurationException("property ego.entities." + type + " configures entity type '"
						+ type + "', but no such type is registered; registered types: " + registered
						+ " (declare a bean with @EventSourcedEntity(\"" + type + "\") or @DurableStateEntity(\"" + type
						+ "\"), or fix the type name)");
			}
		}
	}

	/**
	 * Returns the settings of types without overrides.
	 * @return the default settings
	 */
	EntitySettings defaults() {
		return this.values.defaults();
	}

	/**
	 * Returns the settings of one entity type.
	 * @param type the type name
	 * @return its settings
	 */
	EntitySettings forType(String type) {
		return this.values.forName(type);
	}

}
