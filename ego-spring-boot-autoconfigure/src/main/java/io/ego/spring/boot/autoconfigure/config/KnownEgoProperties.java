package io.ego.spring.boot.autoconfigure.config;

import java.beans.PropertyDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataGroup;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataSource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * The {@code ego.*} property names the modules on the classpath define, read from their
 * generated configuration metadata ({@code META-INF/spring-configuration-metadata.json}),
 * and the test of a configured name against them.
 * <p>
 * Names compare in their uniform form (relaxed binding: {@code snapshotInterval},
 * {@code snapshot-interval} and {@code snapshot_interval} are one name). Beyond the
 * properties themselves, a name is known when it lies under a map or list property of
 * simple values ({@code ego.schema.revisions.<type>}), or under a map of settings objects
 * ({@code ego.entities.<type>.<setting>}) and names a setting of the group with the map's
 * value type ({@code ego.entity-defaults.<setting>}), or, for a value type without a
 * group of its own ({@code ego.sagas.<name>.<setting>}), a writable property of simple
 * type of that class.
 *
 * @author eGo team
 */
final class KnownEgoProperties {

	private static final String METADATA = "classpath*:META-INF/spring-configuration-metadata.json";

	private static final ConfigurationPropertyName EGO = ConfigurationPropertyName.of("ego");

	/**
	 * Uniform names of the properties, e.g. {@code ego.entitydefaults.snapshotinterval}.
	 */
	private final Map<String, String> properties;

	/** Uniform names under which any name is known (maps and lists of simple values). */
	private final Set<String> openPrefixes;

	/**
	 * Uniform names of maps of settings objects, to the group of their value type, as the
	 * metadata spells it (e.g. {@code ego.entities} to {@code ego.entity-defaults}).
	 */
	private final Map<String, String> templates;

	/**
	 * Uniform names of maps of settings objects whose value type has no group, to the
	 * uniform names of the value type's settings and their spelling (e.g.
	 * {@code ego.sagas} to {@code steptimeout} and {@code step-timeout}).
	 */
	private final Map<String, Map<String, String>> valueSettings;

	private KnownEgoProperties(Map<String, String> properties, Set<String> openPrefixes, Map<String, String> templates,
			Map<String, Map<String, String>> valueSettings) {
		this.properties = properties;
		this.openPrefixes = openPrefixes;
		this.templates = templates;
		this.valueSettings = valueSettings;
	}

	/**
	 * Reads the metadata of every module on a class path.
	 * @param classLoader the class loader to read it from
	 * @return the known names
	 */
	static KnownEgoProperties load(@Nullable ClassLoader classLoader) {
		try {
			ConfigurationMetadataRepositoryJsonBuilder builder = ConfigurationMetadataRepositoryJsonBuilder.create();
			for (Resource resource : new PathMatchingResourcePatternResolver(classLoader).getResources(METADATA)) {
				byte[] json;
				try (InputStream in = resource.getInputStream()) {
					json = in.readAllBytes();
				}
				// most metadata on a class path is Spring's own: only parse what defines
				// ego.*
				if (new String(json, StandardCharsets.UTF_8).contains("\"ego")) {
					builder.withJsonResource(new ByteArrayInputStream(json), StandardCharsets.UTF_8);
				}
			}
			return of(builder.build(), classLoader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the configuration metadata " + METADATA, ex);
		}
	}

	static KnownEgoProperties of(ConfigurationMetadataRepository repository) {
		return of(repository, KnownEgoProperties.class.getClassLoader());
	}

	static KnownEgoProperties of(ConfigurationMetadataRepository repository, @Nullable ClassLoader classLoader) {
		Map<String, String> typeGroups = new HashMap<>();
		for (ConfigurationMetadataGroup group : repository.getAllGroups().values()) {
			for (ConfigurationMetadataSource source : group.getSources().values()) {
				if (source.getType() != null && source.getGroupId() != null && isEgo(source.getGroupId())) {
					typeGroups.putIfAbsent(source.getType(), source.getGroupId());
				}
			}
		}
		Map<String, String> properties = new HashMap<>();
		Set<String> openPrefixes = new HashSet<>();
		Map<String, String> templates = new HashMap<>();
		Map<String, Map<String, String>> valueSettings = new HashMap<>();
		for (ConfigurationMetadataProperty property : repository.getAllProperties().values()) {
			String id = property.getId();
			if (!isEgo(id)) {
				continue;
			}
			String name = uniform(id);
			properties.put(name, id);
			String type = (property.getType() != null) ? property.getType() : "";
			String valueType = mapValueType(type);
			if (valueType != null && typeGroups.containsKey(valueType)) {
				templates.put(name, typeGroups.get(valueType));
			}
			else if (valueType != null && settingsOf(valueType, classLoader) != null) {
				valueSettings.put(name, settingsOf(valueType, classLoader));
			}
			else if (valueType != null || isCollection(type)) {
				openPrefixes.add(name);
			}
		}
		return new KnownEgoProperties(properties, openPrefixes, templates, valueSettings);
	}

	/**
	 * Tells whether a configured name is known.
	 * @param name the name, under {@code ego}
	 * @return whether some module defines it
	 */
	boolean isKnown(ConfigurationPropertyName name) {
		return isKnown(elements(name));
	}

	private boolean isKnown(List<String> elements) {
		String name = String.join(".", elements);
		if (this.properties.containsKey(name)) {
			return true;
		}
		for (int length = elements.size() - 1; length > 0; length--) {
			String prefix = String.join(".", elements.subList(0, length));
			if (this.openPrefixes.contains(prefix)) {
				return true;
			}
			Map<String, String> settings = this.valueSettings.get(prefix);
			if (settings != null && elements.size() > length + 1) {
				return settings.containsKey(String.join(".", elements.subList(length + 1, elements.size())));
			}
			String template = this.templates.get(prefix);
			if (template != null && elements.size() > length + 1) {
				List<String> inTemplate = new ArrayList<>(List.of(uniform(template).split("\\.")));
				inTemplate.addAll(elements.subList(length + 1, elements.size()));
				return isKnown(inTemplate);
			}
		}
		return false;
	}

	/**
	 * Returns the known name nearest to an unknown one, spelled as in the metadata (with
	 * the map key of the configured name where it lies under a map of settings).
	 * @param name the unknown name
	 * @return the nearest name, or {@code null} when none is near
	 */
	@Nullable String nearest(ConfigurationPropertyName name) {
		List<String> elements = elements(name);
		Set<String> candidates = new LinkedHashSet<>(this.properties.keySet());
		Map<String, String> spelled = new HashMap<>(this.properties);
		for (Map.Entry<String, String> map : this.templates.entrySet()) {
			int length = map.getKey().split("\\.").length;
			if (elements.size() > length + 1 && String.join(".", elements.subList(0, length)).equals(map.getKey())) {
				String key = elements.get(length);
				String mapSpelled = this.properties.getOrDefault(map.getKey(), map.getKey());
				String group = map.getValue();
				String groupUniform = uniform(group);
				for (Map.Entry<String, String> property : this.properties.entrySet()) {
					if (property.getKey().startsWith(groupUniform + ".")
							&& property.getValue().startsWith(group + ".")) {
						String candidate = map.getKey() + "." + key
								+ property.getKey().substring(groupUniform.length());
						candidates.add(candidate);
						spelled.put(candidate, mapSpelled + "." + key + property.getValue().substring(group.length()));
					}
				}
			}
		}
		for (Map.Entry<String, Map<String, String>> map : this.valueSettings.entrySet()) {
			int length = map.getKey().split("\\.").length;
			if (elements.size() > length + 1 && String.join(".", elements.subList(0, length)).equals(map.getKey())) {
				String key = elements.get(length);
				String mapSpelled = this.properties.getOrDefault(map.getKey(), map.getKey());
				for (Map.Entry<String, String> setting : map.getValue().entrySet()) {
					String candidate = map.getKey() + "." + key + "." + setting.getKey();
					candidates.add(candidate);
					spelled.put(candidate, mapSpelled + "." + key + "." + setting.getValue());
				}
			}
		}
		String wanted = String.join(".", elements);
		int limit = Math.max(2, wanted.length() / 5);
		return candidates.stream()
			.filter((candidate) -> distance(candidate, wanted) <= limit)
			.min(Comparator.comparingInt((String candidate) -> distance(candidate, wanted)))
			.map(spelled::get)
			.orElse(null);
	}

	/**
	 * Returns the known property names, as the metadata spells them.
	 * @return the names, sorted
	 */
	List<String> names() {
		List<String> names = new ArrayList<>(this.properties.values());
		Collections.sort(names);
		return names;
	}

	private static boolean isEgo(String id) {
		return id.equals("ego") || id.startsWith("ego.");
	}

	private static @Nullable String mapValueType(String type) {
		if (!type.startsWith("java.util.Map<")) {
			return null;
		}
		int comma = type.indexOf(',');
		return (comma > 0) ? type.substring(comma + 1, type.length() - 1).trim() : "";
	}

	/**
	 * Returns the settings of a map's value type that has no group in the metadata: its
	 * writable properties, by uniform name, spelled in kebab case; {@code null} when the
	 * class is not found, is a simple value, has no such property, or has one of a type
	 * that is not simple (what lies under it is not checked then).
	 */
	private static @Nullable Map<String, String> settingsOf(String valueType, @Nullable ClassLoader classLoader) {
		Class<?> type;
		try {
			type = ClassUtils.forName(valueType, classLoader);
		}
		catch (ClassNotFoundException | LinkageError | IllegalArgumentException ex) {
			return null;
		}
		if (isSimple(type)) {
			return null;
		}
		Map<String, String> settings = new HashMap<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getWriteMethod() == null) {
				continue;
			}
			Class<?> propertyType = property.getPropertyType();
			if (propertyType == null || !isSimple(propertyType)) {
				return null;
			}
			String name = property.getName();
			settings.put(uniform(name), name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
		}
		return settings.isEmpty() ? null : settings;
	}

	private static boolean isSimple(Class<?> type) {
		return BeanUtils.isSimpleValueType(type) || type.getName().startsWith("java.time.") || type == DataSize.class;
	}

	private static boolean isCollection(String type) {
		return type.startsWith("java.util.List<") || type.startsWith("java.util.Set<")
				|| type.startsWith("java.util.Collection<") || type.endsWith("[]");
	}

	private static String uniform(String id) {
		return String.join(".", elements(ConfigurationPropertyName.adapt(id, '.')));
	}

	private static List<String> elements(ConfigurationPropertyName name) {
		List<String> elements = new ArrayList<>(name.getNumberOfElements());
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			elements.add(name.getElement(i, Form.UNIFORM));
		}
		return elements;
	}

	static boolean isUnderEgo(ConfigurationPropertyName name) {
		return EGO.isAncestorOf(name);
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
