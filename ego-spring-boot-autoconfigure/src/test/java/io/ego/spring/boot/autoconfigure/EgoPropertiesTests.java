package io.ego.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.ego.core.EntitySettings;
import io.ego.core.projection.ProjectionSettings;
import io.ego.spring.boot.autoconfigure.EgoProperties.StoreType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EgoProperties}: the starter's defaults, as the generated configuration
 * metadata documents them, are the engine's ({@link EntitySettings#defaults()},
 * {@link ProjectionSettings#defaults()}), and every property of the {@code *-defaults}
 * groups reaches one setting of the engine.
 */
class EgoPropertiesTests {

	private static final String ENTITY_DEFAULTS = "ego.entity-defaults.";

	private static final String PROJECTION_DEFAULTS = "ego.projection-defaults.";

	/**
	 * The entity setting whose engine default is "not set" ({@code null}), documented
	 * with the value the engine then uses
	 * ({@link EntitySettings#effectiveFlushWindow()}).
	 */
	private static final String FLUSH_WINDOW = "ego.entity-defaults.batch-flush-window";

	private final EgoProperties properties = new EgoProperties();

	@Test
	void unsetPropertiesResolveToTheEngineDefaults() {
		assertThat(new EntitySettingsResolver(this.properties).defaults()).isEqualTo(EntitySettings.defaults());
		assertThat(new EntitySettingsResolver(this.properties).forType("any")).isEqualTo(EntitySettings.defaults());
		assertThat(new ProjectionSettingsResolver(this.properties).forProjection("any"))
			.isEqualTo(ProjectionSettings.defaults());
		assertThat(new ProjectionSettingsResolver(this.properties).isEnabled("any")).isTrue();
		assertThat(this.properties.getInstanceId()).isNull();
	}

	@Test
	void documentedEntityDefaultsAreTheEngineDefaults() throws IOException {
		Map<String, Map<String, Object>> group = metadata(ENTITY_DEFAULTS);
		assertThat(group).isNotEmpty();
		group.forEach((name, property) -> assertThat(property).as("default value of %s in the metadata", name)
			.containsKey("defaultValue"));
		Map<String, Object> documented = defaults(group);
		assertThat(new EntitySettingsResolver(bind(documented)).defaults().effectiveFlushWindow())
			.as("the documented %s", FLUSH_WINDOW)
			.isEqualTo(EntitySettings.defaults().effectiveFlushWindow());
		documented.remove(FLUSH_WINDOW);
		assertThat(new EntitySettingsResolver(bind(documented)).defaults())
			.as("the documented defaults %s bound to ego.entity-defaults", documented)
			.isEqualTo(EntitySettings.defaults());
	}

	@Test
	void documentedProjectionDefaultsAreTheEngineDefaults() throws IOException {
		Map<String, Map<String, Object>> group = metadata(PROJECTION_DEFAULTS);
		assertThat(group).isNotEmpty()
			.allSatisfy((name, property) -> assertThat(property).as("default value of %s in the metadata", name)
				.containsKey("defaultValue"));
		assertThat(group.get(PROJECTION_DEFAULTS + "enabled")).containsEntry("defaultValue", true);
		Map<String, Object> documented = defaults(group);
		ProjectionSettingsResolver resolver = new ProjectionSettingsResolver(bind(documented));
		assertThat(resolver.forProjection("any"))
			.as("the documented defaults %s bound to ego.projection-defaults", documented)
			.isEqualTo(ProjectionSettings.defaults());
		assertThat(resolver.isEnabled("any")).isTrue();
	}

	@Test
	void everyEntitySettingHasOnePropertyThatReachesIt() throws IOException {
		Map<String, Map<String, Object>> group = metadata(ENTITY_DEFAULTS);
		assertThat(group).as("one ego.entity-defaults property per engine setting (EntitySettings, RetentionPolicy)")
			.hasSize(settingCount(EntitySettings.class));
		Map<String, Object> base = Map.of(ENTITY_DEFAULTS + "snapshot-interval", 10);
		EntitySettings unchanged = new EntitySettingsResolver(bind(base)).defaults();
		group.forEach((name, property) -> {
			Map<String, Object> changed = new LinkedHashMap<>(base);
			changed.put(name, otherValue(property, base.get(name)));
			assertThat(new EntitySettingsResolver(bind(changed)).defaults()).as("settings with %s", changed)
				.isNotEqualTo(unchanged);
		});
	}

	@Test
	void everyProjectionSettingHasOnePropertyThatReachesIt() throws IOException {
		Map<String, Map<String, Object>> group = metadata(PROJECTION_DEFAULTS);
		group.remove(PROJECTION_DEFAULTS + "enabled");
		assertThat(group).as("one ego.projection-defaults property per engine setting (ProjectionSettings)")
			.hasSize(settingCount(ProjectionSettings.class));
		ProjectionSettings unchanged = ProjectionSettings.defaults();
		group.forEach((name, property) -> {
			Map<String, Object> changed = Map.of(name, otherValue(property, null));
			assertThat(new ProjectionSettingsResolver(bind(changed)).forProjection("any"))
				.as("settings with %s", changed)
				.isNotEqualTo(unchanged);
		});
	}

	@Test
	void namedGroupsShareTheClassOfTheDefaultsAndOverrideThem() {
		EgoProperties bound = bind(
				Map.of(ENTITY_DEFAULTS + "ask-timeout", "2s", "ego.entities.account.snapshot-interval", "7",
						PROJECTION_DEFAULTS + "enabled", "false", "ego.projections.ledger.enabled", "true"));
		assertThat(new EntitySettingsResolver(bound).forType("account"))
			.isEqualTo(EntitySettings.defaults().withAskTimeout(Duration.ofSeconds(2)).withSnapshotInterval(7));
		assertThat(new EntitySettingsResolver(bound).forType("other"))
			.isEqualTo(EntitySettings.defaults().withAskTimeout(Duration.ofSeconds(2)));
		ProjectionSettingsResolver projections = new ProjectionSettingsResolver(bound);
		assertThat(projections.isEnabled("ledger")).isTrue();
		assertThat(projections.isEnabled("other")).isFalse();
	}

	@Test
	void anInvalidCombinationBlamesThePropertyThatWasSet() {
		EgoProperties lease = bind(Map.of(PROJECTION_DEFAULTS + "lease.duration", "8s"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new ProjectionSettingsResolver(lease).checkDefaults())
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("ego.projection-defaults.lease.duration"))
			.withMessageContaining("at most half of lease.duration");
		EgoProperties retention = bind(Map.of("ego.entities.account.retention.delete-events-on-snapshot", "false",
				"ego.entities.account.retention.delete-snapshots-on-snapshot", "true"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new EntitySettingsResolver(retention).forType("account"))
			.satisfies((ex) -> assertThat(ex.getName())
				.isEqualTo("ego.entities.account.retention.delete-snapshots-on-snapshot"))
			.withMessageContaining("retention needs snapshots");
		EgoProperties defaults = bind(
				Map.of(ENTITY_DEFAULTS + "max-batch-size", "0", "ego.entities.account.max-batch-size", "5"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new EntitySettingsResolver(defaults).forType("account"))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("ego.entity-defaults.max-batch-size"));
	}

	@Test
	void storeTypeIsAutoAndShutdownWaitsThirtySeconds() {
		assertThat(this.properties.getStore().getType()).isEqualTo(StoreType.AUTO);
		assertThat(this.properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.properties.getEntities()).isEmpty();
	}

	private static EgoProperties bind(Map<String, Object> values) {
		return new Binder(List.of(new MapConfigurationPropertySource(values)), null,
				ApplicationConversionService.getSharedInstance())
			.bind("ego", EgoProperties.class)
			.orElseGet(EgoProperties::new);
	}

	/**
	 * The properties of one group in the generated (and merged additional) configuration
	 * metadata.
	 */
	private static Map<String, Map<String, Object>> metadata(String prefix) throws IOException {
		String json;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Map<String, Map<String, Object>> group = new LinkedHashMap<>();
		List<Map<String, Object>> properties = JsonPath.parse(json).read("$.properties");
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			if (name.startsWith(prefix)) {
				group.put(name, property);
			}
		}
		return group;
	}

	private static Map<String, Object> defaults(Map<String, Map<String, Object>> group) {
		Map<String, Object> values = new LinkedHashMap<>();
		group.forEach((name, property) -> {
			if (property.containsKey("defaultValue")) {
				values.put(name, String.valueOf(property.get("defaultValue")));
			}
		});
		return values;
	}

	/** A valid value other than the default (or {@code current}) of a property. */
	private static Object otherValue(Map<String, Object> property, Object current) {
		Object value = (current != null) ? current : property.get("defaultValue");
		return switch ((String) property.get("type")) {
			case "java.lang.Boolean" -> !Boolean.parseBoolean(String.valueOf(value));
			case "java.lang.Integer" -> Integer.parseInt(String.valueOf(value)) + 1;
			case "java.time.Duration" -> (value != null)
					? ApplicationConversionService.getSharedInstance().convert(value, Duration.class).dividedBy(2)
					: Duration.ofMillis(7);
			case "io.ego.core.projection.RecoveryPolicy" -> "retry-and-skip";
			case "io.ego.core.projection.ProjectionSettings$StartFrom" -> "end";
			case "io.ego.core.EntitySettings$Writers" -> "shared";
			default -> throw new IllegalArgumentException("no other value for " + property);
		};
	}

	/**
	 * The number of settings of a settings record, counting those of the records it
	 * holds.
	 */
	private static int settingCount(Class<?> record) {
		return Arrays.stream(record.getRecordComponents())
			.map(RecordComponent::getType)
			.mapToInt((type) -> type.isRecord() ? settingCount(type) : 1)
			.sum();
	}

}
