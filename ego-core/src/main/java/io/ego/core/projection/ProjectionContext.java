package io.ego.core.projection;

import java.util.Objects;

/**
 * What a projection's handler is told besides the event: which projection and which of
 * its versions it writes. A projection starts at version 1; a blue/green rebuild
 * ({@link Projections#rebuildBlueGreen}) runs version {@code N + 1} beside the active
 * version {@code N}, so that a handler writing to version-suffixed tables (or rows) keeps
 * the two apart.
 *
 * @param name the projection's name
 * @param version the version the handler is called for, from 1
 * @author eGo team
 * @since 0.2.0
 */
public record ProjectionContext(String name, int version) {

	/**
	 * Validates the context.
	 * @throws IllegalArgumentException when the version is below 1
	 */
	public ProjectionContext {
		Objects.requireNonNull(name, "name");
		if (version < 1) {
			throw new IllegalArgumentException("a projection's version is >= 1 but was " + version);
		}
	}

}
