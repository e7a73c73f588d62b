package io.ego.connector.nats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A subject template: {@code {entityType}} stands for the entity type, e.g.
 * {@code ego.events.{entityType}}. Characters a subject token may not hold (whitespace,
 * {@code .}, {@code *}, {@code >}, control characters) are replaced by {@code _} in the
 * entity type.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class Subjects {

	static final String ENTITY_TYPE = "{entityType}";

	private final String template;

	private final Map<String, String> resolved = new ConcurrentHashMap<>();

	private Subjects(String template) {
		this.template = template;
	}

	/**
	 * @param template the template
	 * @return the subjects
	 * @throws IllegalArgumentException when the template is not a valid subject once the
	 * placeholder is replaced, naming the template
	 */
	static Subjects of(@Nullable String template) {
		if (template == null || template.isBlank()) {
			throw new IllegalArgumentException("subject template must not be empty");
		}
		String probe = template.replace(ENTITY_TYPE, "x");
		if (probe.startsWith(".") || probe.endsWith(".") || probe.contains("..")) {
			throw new IllegalArgumentException("subject template '" + template + "' has an empty token");
		}
		for (int i = 0; i < probe.length(); i++) {
			char c = probe.charAt(i);
			if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '*' || c == '>') {
				throw new IllegalArgumentException("subject template '" + template + "' holds '" + c
						+ "' (whitespace and wildcards are not allowed; use " + ENTITY_TYPE + ")");
			}
		}
		return new Subjects(template);
	}

	String template() {
		return this.template;
	}

	/**
	 * @return the subject filter that covers every entity type ({@code *} for the
	 * placeholder)
	 */
	String filter() {
		return this.template.replace(ENTITY_TYPE, "*");
	}

	String subject(String entityType) {
		return this.resolved.computeIfAbsent(entityType, (type) -> this.template.replace(ENTITY_TYPE, token(type)));
	}

	private static String token(String value) {
		if (value.isEmpty()) {
			return "_";
		}
		StringBuilder token = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean invalid = Character.isWhitespace(c) || Character.isISOControl(c) || c == '.' || c == '*'
					|| c == '>';
			token.append(invalid ? '_' : c);
		}
		return token.toString();
	}

	/**
	 * Tells whether a stream's subject filter captures every subject matching ours.
	 * @param streamSubject a subject of the stream's configuration
	 * @param ours our filter
	 * @return whether it covers ours
	 */
	static boolean covers(String streamSubject, String ours) {
		String[] theirs = streamSubject.split("\\.", -1);
		String[] mine = ours.split("\\.", -1);
		for (int i = 0; i < theirs.length; i++) {
			if (theirs[i].equals(">")) {
				return mine.length > i;
			}
			if (i >= mine.length) {
				return false;
			}
			if (!theirs[i].equals("*") && !theirs[i].equals(mine[i])) {
				return false;
			}
		}
		return theirs.length == mine.length;
	}

}
