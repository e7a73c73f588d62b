package io.ego.spring.boot.autoconfigure.config;

import java.util.List;

/**
 * Thrown at start-up when {@code ego.*} properties are set that no module on the class
 * path defines.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class UnknownEgoPropertiesException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String[] unknown;

	UnknownEgoPropertiesException(List<String> unknown) {
		super("Unknown eGo properties: " + String.join("; ", unknown));
		this.unknown = unknown.toArray(String[]::new);
	}

	/**
	 * Returns one line per unknown property: its name, where it was set and the nearest
	 * valid name.
	 * @return the lines
	 */
	public List<String> unknown() {
		return List.of(this.unknown);
	}

}
