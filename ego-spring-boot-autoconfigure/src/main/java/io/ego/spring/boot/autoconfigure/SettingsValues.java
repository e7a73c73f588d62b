package io.ego.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ego.core.EngineConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The values picked for one entity type or projection from its defaults and overrides, remembering the full
 * property each came from, so that an invalid value can be blamed on the property that set it.
 *
 * @author eGo team
 */
final class SettingsValues {

	private final String defaultsPrefix;

	private final String overridesPrefix;

	private final @Nullable String name;

	private final String kind;

	private final Map<String, Picked> picked = new LinkedHashMap<>();

	/**
	 * Creates the values of one item.
	 * @param defaultsPrefix e.g. {@code ego.entity-defaults.}
	 * @param overridesPrefix e.g. {@code ego.entities.}
	 * @param name the item's name, or {@code null} for the defaults themselves
	 * @param kind what the item is, for messages (e.g. {@code entity type})
	 */
	SettingsValues(String defaultsPrefix, String overridesPrefix, @Nullable String name, String kind) {
		this.defaultsPrefix = defaultsPrefix;
		this.overridesPrefix = overridesPrefix;
		this.name = name;
		this.kind = kind;
	}

	<T> T pick(String key, @Nullable T override, T fallback) {
		T value = (override != null) ? override : fallback;
		this.picked.put(key, new Picked(name(key, override != null), value));
		return value;
	}

	<T> @Nullable T pickNullable(String key, @Nullable T override, @Nullable T fallback) {
		T value = (override != null) ? override : fallback;
		this.picked.put(key, new Picked(name(key, override != null), value));
		return value;
	}

	private String name(String key, boolean overridden) {
		return (overridden && this.name != null) ? this.overridesPrefix + this.name + "." + key
				: this.defaultsPrefix + key;
	}

	RuntimeException invalid(EngineConfigurationException ex) {
		String reason = ex.getMessage();
		Picked culprit = culprit(reason);
		if (culprit == null) {
			String scope = (this.name != null) ? this.kind + " '" + this.name + "'" : "the " + this.kind + " defaults";
			return new EngineConfigurationException("invalid settings for " + scope + " (" + this.defaultsPrefix + "*"
					+ ((this.name != null) ? ", " + this.overridesPrefix + this.name + ".*" : "") + "): " + reason, ex);
		}
		return new InvalidConfigurationPropertyValueException(culprit.name(), culprit.value(), reason);
	}

	private @Nullable Picked culprit(@Nullable String reason) {
		if (reason == null) {
			return null;
		}
		if (reason.startsWith("retention needs snapshots")) {
			// the policy deletes something while snapshots are off: blame the flag that turned it on
			for (String key : new String[] { "retention.delete-events-on-snapshot",
					"retention.delete-snapshots-on-snapshot" }) {
				Picked flag = this.picked.get(key);
				if (flag != null && Boolean.TRUE.equals(flag.value())) {
					return flag;
				}
			}
			return null;
		}
		Picked best = null;
		int bestLength = -1;
		for (Map.Entry<String, Picked> entry : this.picked.entrySet()) {
			String key = entry.getKey();
			if (reason.startsWith(key + " ") && key.length() > bestLength) {
				best = entry.getValue();
				bestLength = key.length();
			}
		}
		return best;
	}

	private record Picked(String name, @Nullable Object value) {
	}

}
