package io.ego.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code AutoConfiguration.imports} file of this module.
 */
class AutoConfigurationImportsTests {

	@Test
	void importsAreSortedAutoConfigurationsThatArePublicAndFinal() throws IOException, ClassNotFoundException {
		List<String> imports;
		try (InputStream in = new ClassPathResource(
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
			.getInputStream()) {
			imports = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty())
				.toList();
		}
		assertThat(imports).isSorted()
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(name).endsWith("AutoConfiguration"));
		for (String name : imports) {
			Class<?> type = ClassUtils.forName(name, getClass().getClassLoader());
			assertThat(type).hasAnnotation(AutoConfiguration.class).isPublic().isFinal();
		}
	}

}
