package io.ego.spring.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.ego.core.EngineConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * One properties class bound to a defaults group ({@code ego.entity-defaults}) and to
 * named groups ({@code ego.entities.<type>}), merged onto the engine's defaults: a named
 * group's settings replace the defaults group's, which replace the engine's. An invalid
 * merged value fails with an {@link InvalidConfigurationPropertyValueException} naming
 * the property that set it. The property names are derived from the properties class (its
 * JavaBean properties in dashed form), so they are never typed here.
 *
 * @param <P> the properties class
 * @param <S> the engine's settings type
 * @author eGo team
 */
final class SettingsValues<P, S> {

	private final String defaultsPrefix;

	private final String namedPrefix;

	private final String kind;

	private final P defaults;

	private final Map<String, P> named;

	private final S engineDefaults;

	private final BiFunction<P, S, S> merge;

	private final List<Leaf> leaves;

	/**
	 * Creates the settings of one kind of item.
	 * @param defaultsPrefix the defaults group, e.g. {@code ego.entity-defaults}
	 * @param namedPrefix the map of named groups, e.g. {@code ego.entities}
	 * @param kind what an item is, for messages (e.g. {@code entity type})
	 * @param defaults the bound defaults group
	 * @param named the bound named groups
	 * @param engineDefaults the engine's defaults
	 * @param merge applies the properties set in a group onto base settings
	 */
	SettingsValues(String defaultsPrefix, String namedPrefix, String kind, P defaults, Map<String, P> named,
			S engineDefaults, BiFunction<P, S, S> merge) {
		this.defaultsPrefix = defaultsPrefix;
		this.namedPrefix = namedPrefix;
		this.kind = kind;
		this.defaults = defaults;
		this.named = named;
		this.engineDefaults = engineDefaults;
		this.merge = merge;
		this.leaves = leaves(defaults.getClass(), "", "");
	}

	/**
	 * Returns the settings of items without a named group: the defaults group merged onto
	 * the engine's defaults.
	 * @return the default settings
	 */
	S defaults() {
		try {
			return this.merge.apply(this.defaults, this.engineDefaults);
		}
		catch (EngineConfigurationException ex) {
			throw invalid(ex, null, null);
		}
	}

	/**
	 * Returns the settings of one item: its named group merged onto {@link #defaults()}.
	 * @param name the item's name
	 * @return its settings
	 */
	S forName(String name) {
		S base = defaults();
		P group = this.named.get(name);
		if (group == null) {
			return base;
		}
		try {
			return this.merge.apply(group, base);
		}
		catch (EngineConfigurationException ex) {
			throw invalid(ex, name, group);
		}
	}

	/**
	 * Returns the first value set for one property: in the item's named group, else in
	 * the defaults group.
	 * @param name the item's name
	 * @param property reads the property from a group
	 * @param <T> the value type
	 * @return the value, or {@code null} when neither group sets it
	 */
	<T> @Nullable T find(String name, Function<P, @Nullable T> property) {
		P group = this.named.get(name);
		T value = (group != null) ? property.apply(group) : null;
		return (value != null) ? value : property.apply(this.defaults);
	}

	private RuntimeException invalid(EngineConfigurationException ex, @Nullable String name, @Nullable P group) {
		String reason = String.valueOf(ex.getMessage());
		List<Source> set = new ArrayList<>();
		for (Leaf leaf : this.leaves) {
			Object value = (group != null) ? leaf.read(group) : null;
			if (value != null) {
				set.add(new Source(leaf, this.namedPrefix + "." + name + "." + leaf.path(), value));
				continue;
			}
			value = leaf.read(this.defaults);
			if (value != null) {
				set.add(new Source(leaf, this.defaultsPrefix + "." + leaf.path(), value));
			}
		}
		Source culprit = culprit(reason, set);
		if (culprit == null) {
			String scope = (name != null) ? this.kind + " '" + name + "'" : "the " + this.kind + " defaults";
			return new EngineConfigurationException("invalid settings for " + scope + " (" + this.defaultsPrefix + ".*"
					+ ((name != null) ? ", " + this.namedPrefix + "." + name + ".*" : "") + "): " + reason, ex);
		}
		return new InvalidConfigurationPropertyValueException(culprit.property(), culprit.value(), reason);
	}

	/**
	 * Finds the property to blame among those set: the engine's messages start with the
	 * setting's dashed name ({@code "ask-timeout must be positive ..."}) or with its
	 * group's ({@code "retention needs snapshots ..."}, then the group's first flag that
	 * is on), and may name another setting ({@code "... half of lease.duration"}).
	 */
	private static @Nullable Source culprit(String reason, List<Source> set) {
		Source best = null;
		for (Source source : set) {
			String path = source.leaf().path();
			if (reason.startsWith(path + " ") && (best == null || path.length() > best.leaf().path().length())) {
				best = source;
			}
		}
		if (best != null) {
			return best;
		}
		String subject = reason.split(" ", 2)[0];
		for (Source source : set) {
			if (source.leaf().path().startsWith(subject + ".") && Boolean.TRUE.equals(source.value())) {
				return source;
			}
		}
		int first = Integer.MAX_VALUE;
		for (Source source : set) {
			int at = indexOfWord(reason, source.leaf().path());
			if (at >= 0 && at < first) {
				best = source;
				first = at;
			}
		}
		return best;
	}

	private static int indexOfWord(String text, String word) {
		int at = text.indexOf(word);
		while (at >= 0) {
			int end = at + word.length();
			boolean starts = at == 0 || !isNameChar(text.charAt(at - 1));
			boolean ends = end == text.length() || !isNameChar(text.charAt(end));
			if (starts && ends) {
				return at;
			}
			at = text.indexOf(word, at + 1);
		}
		return -1;
	}

	private static boolean isNameChar(char c) {
		return Character.isLetterOrDigit(c) || c == '-' || c == '.';
	}

	/**
	 * Lists the settable properties of a properties class, descending into its nested
	 * groups (read-only properties).
	 */
	private static List<Leaf> leaves(Class<?> type, String pathPrefix, String beanPrefix) {
		List<Leaf> leaves = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			String path = pathPrefix + DataObjectPropertyName.toDashedForm(descriptor.getName());
			String beanPath = beanPrefix + descriptor.getName();
			if (descriptor.getWriteMethod() != null) {
				leaves.add(new Leaf(path, beanPath));
			}
			else {
				leaves.addAll(leaves(descriptor.getPropertyType(), path + ".", beanPath + "."));
			}
		}
		leaves.sort(Comparator.comparing(Leaf::path));
		return leaves;
	}

	/**
	 * A settable property.
	 *
	 * @param path its dashed name within the group, e.g.
	 * {@code retention.events-retention-count}
	 * @param beanPath its nested bean property path, e.g.
	 * {@code retention.eventsRetentionCount}
	 */
	private record Leaf(String path, String beanPath) {

		@Nullable Object read(Object group) {
			return new BeanWrapperImpl(group).getPropertyValue(this.beanPath);
		}

	}

	/**
	 * A property that is set, with its full name and value.
	 */
	private record Source(Leaf leaf, String property, Object value) {
	}

}
