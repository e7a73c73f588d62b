package io.ego.spring.boot.autoconfigure;

import java.util.Collection;

import io.ego.core.EngineConfigurationException;
import io.ego.core.projection.ProjectionSettings;

/**
 * Turns {@code ego.projection-defaults.*} and {@code ego.projections.<name>.*} into
 * {@link ProjectionSettings}. An invalid value fails naming the full property that set
 * it; settings for a projection nobody registered fail naming
 * {@code ego.projections.<name>}.
 *
 * @author eGo team
 */
final class ProjectionSettingsResolver {

	private final EgoProperties properties;

	private final SettingsValues<ProjectionProperties, ProjectionSettings> values;

	ProjectionSettingsResolver(EgoProperties properties) {
		this.properties = properties;
		this.values = new SettingsValues<>("ego.projection-defaults", "ego.projections", "projection",
				properties.getProjectionDefaults(), properties.getProjections(), ProjectionSettings.defaults(),
				ProjectionProperties::applyTo);
	}

	/**
	 * Checks that every {@code ego.projections.<name>} names a registered projection.
	 * @param registered the registered projection names
	 */
	void checkOverrides(Collection<String> registered) {
		for (String name : this.properties.getProjections().keySet()) {
			if (!registered.contains(name)) {
				throw new EngineConfigurationException("property ego.projections." + name + " configures projection '"
						+ name + "', but no such projection is registered; registered projections: " + registered
						+ " (declare a bean with @ProjectionHandler(\"" + name + "\"), or fix the name)");
			}
		}
	}

	/**
	 * Tells whether a projection is enabled ({@code ego.projections.<name>.enabled}, else
	 * {@code ego.projection-defaults.enabled}, true when neither is set).
	 * @param name the projection's name
	 * @return whether to register it
	 */
	boolean isEnabled(String name) {
		return !Boolean.FALSE.equals(this.values.find(name, ProjectionProperties::getEnabled));
	}

	/**
	 * Returns the settings of one projection.
	 * @param name the projection's name
	 * @return its settings
	 */
	ProjectionSettings forProjection(String name) {
		return this.values.forName(name);
	}

	/**
	 * Checks the projection defaults on their own, so that an invalid default fails at
	 * start-up even when no projection is registered.
	 */
	void checkDefaults() {
		this.values.defaults();
	}

}
