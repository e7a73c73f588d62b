package io.ego.cluster.hazelcast.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the module registers its auto-configurations with Spring Boot, in a sorted
 * {@code AutoConfiguration.imports} of public final auto-configurations.
 */
class AutoConfigurationImportsTests {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@Test
	void theClusterAutoConfigurationsAreRegistered() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(EgoClusterAutoConfiguration.class.getName(), EgoClusterEndpointAutoConfiguration.class.getName(),
					EgoClusterHealthContributorAutoConfiguration.class.getName());
	}

	@Test
	void importsAreSortedAutoConfigurationsThatArePublicAndFinal() throws IOException, ClassNotFoundException {
		URL ours = Collections.list(getClass().getClassLoader().getResources(IMPORTS))
			.stream()
			.filter((url) -> url.toString().contains("ego-cluster-hazelcast"))
			.findFirst()
			.orElseThrow();
		List<String> imports;
		try (InputStream in = ours.openStream()) {
			imports = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty())
				.toList();
		}
		assertThat(imports).isSorted()
			.containsExactly(EgoClusterAutoConfiguration.class.getName(),
					EgoClusterEndpointAutoConfiguration.class.getName(),
					EgoClusterHealthContributorAutoConfiguration.class.getName());
		for (String name : imports) {
			Class<?> type = ClassUtils.forName(name, getClass().getClassLoader());
			assertThat(type).hasAnnotation(AutoConfiguration.class).isPublic().isFinal();
		}
	}

}
