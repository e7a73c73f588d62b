package io.ego.core.internal.engine;

import io.ego.core.EntityBehavior;
import io.ego.core.EntitySettings;
import org.jspecify.annotations.Nullable;

/**
 * An entity type as registered: its name, behaviour and own settings ({@code null}: the
 * engine's defaults).
 *
 * @param name the type name
 * @param behavior the behaviour
 * @param settings its own settings, or {@code null} for the defaults
 * @author eGo team
 * @since 0.1.0
 */
public record EntityRegistration(String name, EntityBehavior<?> behavior, @Nullable EntitySettings settings) {

	/**
	 * @param defaults the engine's defaults
	 * @return this registration with its settings resolved
	 */
	EntityRegistration resolved(EntitySettings defaults) {
		return (this.settings != null) ? this : new EntityRegistration(this.name, this.behavior, defaults);
	}

	/**
	 * @return the settings, once resolved
	 */
	EntitySettings resolvedSettings() {
		if (this.settings == null) {
			throw new IllegalStateException("settings of '" + this.name + "' not resolved");
		}
		return this.settings;
	}

}
