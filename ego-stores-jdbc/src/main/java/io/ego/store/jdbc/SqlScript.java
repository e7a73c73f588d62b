package io.ego.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A schema script from the jar: placeholders ({@code ${name}}) replaced, split into
 * statements at semicolons outside quotes, comments and {@code $$} bodies.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class SqlScript {

	private SqlScript() {
	}

	/**
	 * Returns the classpath location of a schema script.
	 * @param version the schema version
	 * @param dialect the dialect
	 * @return the resource path
	 */
	static String location(int version, JdbcDialect dialect) {
		return "io/ego/store/jdbc/schema/v" + version + "/" + dialect.scriptName() + ".sql";
	}

	/**
	 * Loads a script and splits it into statements.
	 * @param location the classpath location
	 * @param placeholders the values of the placeholders
	 * @return the statements
	 */
	static List<String> load(String location, Map<String, String> placeholders) {
		String script;
		try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalStateException("schema script " + location + " is not on the classpath");
			}
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not read schema script " + location, ex);
		}
		for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
			script = script.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
		}
		if (script.contains("${")) {
			throw new IllegalStateException("schema script " + location + " has an unknown placeholder near '"
					+ script.substring(script.indexOf("${"), Math.min(script.length(), script.indexOf("${") + 30))
					+ "'");
		}
		return split(script);
	}

	/**
	 * Splits a script into statements, dropping {@code --} comments. As in the
	 * {@code mysql} client, a line {@code DELIMITER //} makes {@code //} end the
	 * statements that follow (a stored procedure's body holds semicolons), until a line
	 * {@code DELIMITER ;}.
	 * @param script the script
	 * @return the statements, without their delimiters
	 */
	static List<String> split(String script) {
		List<String> statements = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		String delimiter = ";";
		int length = script.length();
		for (int i = 0; i < length; i++) {
			char c = script.charAt(i);
			if ((i == 0 || script.charAt(i - 1) == '\n') && script.regionMatches(true, i, "DELIMITER ", 0, 10)) {
				int end = script.indexOf('\n', i);
				end = (end < 0) ? length : end;
				addStatement(statements, current);
				delimiter = script.substring(i + 10, end).strip();
				if (delimiter.isEmpty()) {
					throw new IllegalArgumentException("a DELIMITER line without a delimiter");
				}
				i = end;
			}
			else if (c == '-' && i + 1 < length && script.charAt(i + 1) == '-') {
				while (i < length && script.charAt(i) != '\n') {
					i++;
				}
				current.append('\n');
			}
			else if (c == '\'' || c == '"') {
				int end = script.indexOf(c, i + 1);
				end = (end < 0) ? length - 1 : end;
				current.append(script, i, end + 1);
				i = end;
			}
			else if (c == '$' && i + 1 < length && script.charAt(i + 1) == '$') {
				int end = script.indexOf("$$", i + 2);
				end = (end < 0) ? length - 2 : end;
				current.append(script, i, end + 2);
				i = end + 1;
			}
			else if (script.startsWith(delimiter, i)) {
				addStatement(statements, current);
				i += delimiter.length() - 1;
			}
			else {
				current.append(c);
			}
		}
		addStatement(statements, current);
		return statements;
	}

	private static void addStatement(List<String> statements, StringBuilder current) {
		String statement = current.toString().strip();
		if (!statement.isEmpty()) {
			statements.add(statement);
		}
		current.setLength(0);
	}

}
