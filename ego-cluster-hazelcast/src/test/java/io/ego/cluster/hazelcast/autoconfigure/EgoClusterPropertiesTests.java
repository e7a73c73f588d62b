package io.ego.cluster.hazelcast.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.hazelcast.config.Config;
import io.ego.cluster.hazelcast.ClusterSettings;
import io.ego.cluster.hazelcast.ClusterSettings.Discovery;
import org.junit.jupiter.api.Test;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EgoClusterProperties}: the defaults, their conversion to
 * {@link ClusterSettings}, the generated metadata and the messages of wrong values, each
 * naming its property.
 */
class EgoClusterPropertiesTests {

	@Test
	void defaultsAreThoseOfTheIssue() {
		EgoClusterProperties properties = new EgoClusterProperties();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getName()).isEqualTo("ego");
		assertThat(properties.getDiscovery()).isEqualTo(Discovery.STATIC);
		assertThat(properties.getMembers()).isEmpty();
		assertThat(properties.getHost()).isEqualTo("127.0.0.1");
		assertThat(properties.getPort()).isEqualTo(5701);
		assertThat(properties.getPartitions()).isEqualTo(271);
		assertThat(properties.getBackupCount()).isEqualTo(1);
	}

	@Test
	void theSettingsAndTheMembersConfigurationComeFromTheProperties() {
		EgoClusterProperties properties = new EgoClusterProperties();
		properties.setName("bank");
		properties.setMembers(List.of("127.0.0.1:5801", "127.0.0.1:5802"));
		properties.setPort(5801);
		properties.setPartitions(31);
		properties.setBackupCount(2);
		ClusterSettings settings = properties.toSettings();
		assertThat(settings).isEqualTo(new ClusterSettings("bank", Discovery.STATIC,
				List.of("127.0.0.1:5801", "127.0.0.1:5802"), "127.0.0.1", 5801, 31, 2));
		Config config = settings.toConfig();
		assertThat(config.getClusterName()).isEqualTo("bank");
		assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
		assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5801",
				"127.0.0.1:5802");
		assertThat(config.getProperty("hazelcast.partition.count")).isEqualTo("31");
	}

	@Test
	void staticDiscoveryWithoutMembersNamesTheMembersProperty() {
		EgoClusterProperties properties = new EgoClusterProperties();
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(properties::toSettings)
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("ego.cluster.members"))
			.withMessageContaining("ego.cluster.members must list the members");
	}

	@Test
	void eachWrongValueNamesItsProperty() {
		assertThat(invalid((properties) -> properties.setPort(70000))).isEqualTo("ego.cluster.port");
		assertThat(invalid((properties) -> properties.setPartitions(0))).isEqualTo("ego.cluster.partitions");
		assertThat(invalid((properties) -> properties.setBackupCount(7))).isEqualTo("ego.cluster.backup-count");
		assertThat(invalid((properties) -> properties.setName(" "))).isEqualTo("ego.cluster.name");
		assertThat(invalid((properties) -> properties.setHost(""))).isEqualTo("ego.cluster.host");
	}

	private static String invalid(Consumer<EgoClusterProperties> change) {
		EgoClusterProperties properties = new EgoClusterProperties();
		properties.setMembers(List.of("127.0.0.1:5701"));
		change.accept(properties);
		try {
			properties.toSettings();
		}
		catch (InvalidConfigurationPropertyValueException ex) {
			return ex.getName();
		}
		throw new AssertionError("no failure");
	}

	@Test
	void theMetadataDescribesEveryPropertyWithItsDefault() throws IOException {
		ConfigurationMetadataRepository repository;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			repository = ConfigurationMetadataRepositoryJsonBuilder.create(in).build();
		}
		Map<String, ConfigurationMetadataProperty> properties = repository.getAllProperties();
		assertThat(properties).containsKeys("ego.cluster.enabled", "ego.cluster.name", "ego.cluster.discovery",
				"ego.cluster.members", "ego.cluster.host", "ego.cluster.port", "ego.cluster.partitions",
				"ego.cluster.backup-count", "management.health.ego-cluster.enabled");
		properties.values()
			.forEach((property) -> assertThat(property.getDescription()).as(property.getId()).isNotBlank());
		assertThat(properties.get("ego.cluster.enabled").getDefaultValue()).isEqualTo(false);
		assertThat(properties.get("ego.cluster.name").getDefaultValue()).isEqualTo("ego");
		assertThat(properties.get("ego.cluster.discovery").getDefaultValue()).isEqualTo("static");
		assertThat(properties.get("ego.cluster.host").getDefaultValue()).isEqualTo("127.0.0.1");
		assertThat(properties.get("ego.cluster.port").getDefaultValue()).isEqualTo(5701);
		assertThat(properties.get("ego.cluster.partitions").getDefaultValue()).isEqualTo(271);
		assertThat(properties.get("ego.cluster.backup-count").getDefaultValue()).isEqualTo(1);
	}

}
