package io.ego.spring.boot.autoconfigure;

import java.util.Collection;

import io.ego.core.EngineConfigurationException;
import io.ego.core.projection.ProjectionSettings;
import io.ego.spring.boot.autoconfigure.EgoProperties.ProjectionDefaults;
import io.ego.spring.boot.autoconfigure.EgoProperties.ProjectionOverrides;

/**
 * Turns {@code ego.projection-defaults.*} and {@code ego.projections.<name>.*} into {@link ProjectionSettings}.
 * An invalid value fails naming the full property that set it; settings for a projection nobody registered fail
 * naming {@code ego.projections.<name>}.
 *
 * @author eGo team
 */
final class ProjectionSettingsResolver {

	static final String DEFAULTS_PREFIX = "ego.projection-defaults.";

	static final String PROJECTIONS_PREFIX = "ego.projections.";

	private final EgoProperties properties;

	ProjectionSettingsResolver(EgoProperties properties) {
		this.properties = properties;
	}

	/**
	 * Checks that every {@code ego.projections.<name>} names a registered projection.
	 * @param registered the registered projection names
	 */
	void checkOverrides(Collection<String> registered) {
		for (String name : this.properties.getProjections().keySet()) {
			if (!registered.contains(name)) {
				throw new EngineConfigurationException("property " + PROJECTIONS_PREFIX + name + " configures projection '"
						+ name + "', but no such projection is registered; registered projections: " + registered
						+ " (declare a bean with @ProjectionHandler(\"" + name + "\"), or fix the name)");
			}
		}
	}

	/**
	 * Tells whether a projection is enabled ({@code ego.projections.<name>.enabled}, true by default).
	 * @param name the projection's name
	 * @return whether to register it
	 */
	boolean isEnabled(String name) {
		ProjectionOverrides overrides = this.properties.getProjections().get(name);
		return overrides == null || overrides.isEnabled();
	}

	/**
	 * Returns the settings of one projection.
	 * @param name the projection's name
	 * @return its settings
	 */
	ProjectionSettings forProjection(String name) {
		ProjectionOverrides overrides = this.properties.getProjections().get(name);
		if (overrides == null) {
			overrides = new ProjectionOverrides();
		}
		ProjectionDefaults defaults = this.properties.getProjectionDefaults();
		SettingsValues values = new SettingsValues(DEFAULTS_PREFIX, PROJECTIONS_PREFIX, name, "projection");
		try {
			return new ProjectionSettings(
					values.pick("parallelism", overrides.getParallelism(), defaults.getParallelism()),
					values.pick("buffer-size", overrides.getBufferSize(), defaults.getBufferSize()),
					values.pick("pull-interval", overrides.getPullInterval(), defaults.getPullInterval()),
					values.pick("recovery.policy", overrides.getRecovery().getPolicy(), defaults.getRecovery().getPolicy()),
					values.pick("recovery.retries", overrides.getRecovery().getRetries(),
							defaults.getRecovery().getRetries()),
					values.pick("recovery.retry-delay", overrides.getRecovery().getRetryDelay(),
							defaults.getRecovery().getRetryDelay()),
					values.pick("transactional", overrides.getTransactional(), defaults.isTransactional()),
					values.pick("auto-start", overrides.getAutoStart(), defaults.isAutoStart()),
					values.pick("start-from", overrides.getStartFrom(), defaults.getStartFrom()),
					values.pick("lease.duration", overrides.getLease().getDuration(), defaults.getLease().getDuration()),
					values.pick("lease.renew-interval", overrides.getLease().getRenewInterval(),
							defaults.getLease().getRenewInterval()));
		}
		catch (EngineConfigurationException ex) {
			throw values.invalid(ex);
		}
	}

	/**
	 * Checks the projection defaults on their own, so that an invalid default fails at start-up even when no
	 * projection is registered.
	 */
	void checkDefaults() {
		ProjectionDefaults defaults = this.properties.getProjectionDefaults();
		SettingsValues values = new SettingsValues(DEFAULTS_PREFIX, PROJECTIONS_PREFIX, null, "projection");
		try {
			new ProjectionSettings(values.pick("parallelism", null, defaults.getParallelism()),
					values.pick("buffer-size", null, defaults.getBufferSize()),
					values.pick("pull-interval", null, defaults.getPullInterval()),
					values.pick("recovery.policy", null, defaults.getRecovery().getPolicy()),
					values.pick("recovery.retries", null, defaults.getRecovery().getRetries()),
					values.pick("recovery.retry-delay", null, defaults.getRecovery().getRetryDelay()),
					values.pick("transactional", null, defaults.isTransactional()),
					values.pick("auto-start", null, defaults.isAutoStart()),
					values.pick("start-from", null, defaults.getStartFrom()),
					values.pick("lease.duration", null, defaults.getLease().getDuration()),
					values.pick("lease.renew-interval", null, defaults.getLease().getRenewInterval()));
		}
		catch (EngineConfigurationException ex) {
			throw values.invalid(ex);
		}
	}

}
