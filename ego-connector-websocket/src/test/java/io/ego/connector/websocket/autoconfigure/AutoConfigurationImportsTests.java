package io.ego.connector.websocket.autoconfigure;

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
 * Tests that the module registers its auto-configuration with Spring Boot, in a sorted
 * {@code AutoConfiguration.imports} of public final auto-configurations.
 */
class AutoConfigurationImportsTests {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@Test
	void theWebSocketAutoConfigurationIsRegistered() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(EgoWebSocketAutoConfiguration.class.getName());
	}

	@Test
	void importsAreSortedAutoConfigurationsThatArePublicAndFinal() throws IOException, ClassNotFoundException {
		URL ours = Collections.list(getClass().getClassLoader().getResources(IMPORTS))
			.stream()
			.filter((url) -> url.toString().contains("ego-connector-websocket"))
			.findFirst()
			.orElseThrow();
		List<String> imports;
		try (InputStream in = ours.openStream()) {
			imports = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty())
				.toList();
		}
		assertThat(imports).isSorted().containsExactly(EgoWebSocketAutoConfiguration.class.getName());
		for (String name : imports) {
			Class<?> type = ClassUtils.forName(name, getClass().getClassLoader());
			assertThat(type).hasAnnotation(AutoConfiguration.class).isPublic().isFinal();
		}
	}

}
