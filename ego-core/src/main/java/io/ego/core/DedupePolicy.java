package io.ego.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How many command ids, and for how long, each entity remembers (see
 * {@link CommandOptions#id(String)}). Within the window, a command re-sent with an id the
 * entity already handled gets the original outcome and writes nothing: exactly one effect
 * per id. An id older than the window, or beyond its count, is forgotten: re-sending it
 * then is handled as a new command.
 *
 * @param window how many of the most recent ids an entity remembers; {@code 0} turns
 * deduplication off
 * @param maxAge how long an id is remembered after its command was handled
 * @author eGo team
 * @since 0.2.0
 */
public record DedupePolicy(int window, Duration maxAge) {

	/** The default: the last 1,000 ids of each entity, for at most one hour. */
	public static final DedupePolicy DEFAULT = new DedupePolicy(1000, Duration.ofHours(1));

	/** No deduplication: command ids are recorded with the events but not checked. */
	public static final DedupePolicy OFF = new DedupePolicy(0, Duration.ofHours(1));

	public DedupePolicy {
		Objects.requireNonNull(maxAge, "maxAge");
		if (window < 0) {
			throw new EngineConfigurationException("dedupe.window must be >= 0 (0 = off) but was " + window);
		}
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new EngineConfigurationException("dedupe.max-age must be positive but was " + maxAge);
		}
	}

	/**
	 * @return whether command ids are checked
	 */
	public boolean isEnabled() {
		return this.window > 0;
	}

}
