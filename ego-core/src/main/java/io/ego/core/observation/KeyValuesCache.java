package io.ego.core.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;

/**
 * The low-cardinality key values of a default convention, made once per combination of up
 * to three values (entity types, command types and outcomes are few) instead of at every
 * start and stop of an observation; looked up through nested maps, so that a lookup
 * allocates nothing.
 *
 * @author eGo team
 * @since 0.3.0
 */
final class KeyValuesCache {

	private final Map<String, Map<String, Map<String, KeyValues>>> values = new ConcurrentHashMap<>();

	private final Maker make;

	KeyValuesCache(Maker make) {
		this.make = make;
	}

	KeyValues get(String first, String second, String third) {
		Map<String, Map<String, KeyValues>> byFirst = this.values.get(first);
		if (byFirst == null) {
			byFirst = this.values.computeIfAbsent(first, (key) -> new ConcurrentHashMap<>());
		}
		Map<String, KeyValues> bySecond = byFirst.get(second);
		if (bySecond == null) {
			bySecond = byFirst.computeIfAbsent(second, (key) -> new ConcurrentHashMap<>());
		}
		KeyValues cached = bySecond.get(third);
		if (cached == null) {
			cached = this.make.make(first, second, third);
			KeyValues raced = bySecond.putIfAbsent(third, cached);
			if (raced != null) {
				cached = raced;
			}
		}
		return cached;
	}

	/** Makes the key values of one combination. */
	@FunctionalInterface
	interface Maker {

		KeyValues make(String first, String second, String third);

	}

}
