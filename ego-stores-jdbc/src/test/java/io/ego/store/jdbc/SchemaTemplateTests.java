package io.ego.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MariaDB and MySQL schema scripts on the classpath are the build's renderings of one
 * template per version ({@code src/main/schema-template}), with each database's values.
 *
 * @author eGo team
 * @since 0.2.0
 */
class SchemaTemplateTests {

	private static final Path TEMPLATES = Path.of("src/main/schema-template");

	static int[] versions() {
		return SchemaInitializer.VERSIONS.stream().mapToInt(SchemaInitializer.Version::number).toArray();
	}

	@ParameterizedTest
	@MethodSource("versions")
	void theMariadbAndMysqlScriptsAreTheTemplateWithTheirValues(int version) throws IOException {
		String template = Files.readString(
				TEMPLATES.resolve("io/ego/store/jdbc/schema/v" + version + "/{{script}}.sql"), StandardCharsets.UTF_8);
		for (JdbcDialect dialect : new JdbcDialect[] { JdbcDialect.MARIADB, JdbcDialect.MYSQL }) {
			String script = classpath(SqlScript.location(version, dialect));
			assertThat(script).as("%s v%d", dialect, version)
				.isEqualTo(render(template, values(dialect)))
				.doesNotContain("{{");
		}
	}

	@ParameterizedTest
	@MethodSource("versions")
	void eachScriptHasItsDatabasesCollation(int version) {
		assertThat(classpath(SqlScript.location(version, JdbcDialect.MARIADB))).doesNotContain("0900", "MySQL");
		assertThat(classpath(SqlScript.location(version, JdbcDialect.MYSQL))).doesNotContain("nopad", "MariaDB",
				"ADD COLUMN IF NOT EXISTS", "CREATE INDEX IF NOT EXISTS");
	}

	@ParameterizedTest
	@EnumSource(names = { "MARIADB", "MYSQL" })
	void theDialectComparesIdsUnderTheCollationOfItsScripts(JdbcDialect dialect) throws IOException {
		assertThat(((MariaDbDialect) dialect.sql()).collation()).isEqualTo(values(dialect).getProperty("collation"));
	}

	private static Properties values(JdbcDialect dialect) throws IOException {
		Properties values = new Properties();
		try (Reader in = Files.newBufferedReader(TEMPLATES.resolve(dialect.scriptName() + ".properties"))) {
			values.load(in);
		}
		assertThat(values.getProperty("script")).isEqualTo(dialect.scriptName());
		return values;
	}

	private static String render(String template, Properties values) {
		String rendered = template;
		for (String name : values.stringPropertyNames()) {
			rendered = rendered.replace("{{" + name + "}}", values.getProperty(name));
		}
		return rendered;
	}

	private static String classpath(String location) {
		try (InputStream in = SchemaTemplateTests.class.getClassLoader().getResourceAsStream(location)) {
			assertThat(in).as(location).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
