package io.ego.migration;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Names the entity type of a persistence id of eGo for Go, which carries none: a rule by
 * prefix, by regular expression, or any function. {@code null} leaves the entity out of
 * the import (and reported).
 *
 * @author eGo team
 * @since 0.2.0
 */
@FunctionalInterface
public interface EntityTypeRule {

	/**
	 * @param goPersistenceId the persistence id in the Go store
	 * @return the entity type to import it as, or {@code null} to leave it out
	 */
	@Nullable String entityType(String goPersistenceId);

	/**
	 * Every id is of one type.
	 * @param entityType the type
	 * @return the rule
	 */
	static EntityTypeRule all(String entityType) {
		Objects.requireNonNull(entityType, "entityType");
		return (id) -> entityType;
	}

	/**
	 * Ids that start with a prefix are of a type.
	 * @param prefix the prefix
	 * @param entityType the type
	 * @return the rule
	 */
	static EntityTypeRule prefix(String prefix, String entityType) {
		Objects.requireNonNull(prefix, "prefix");
		Objects.requireNonNull(entityType, "entityType");
		return (id) -> id.startsWith(prefix) ? entityType : null;
	}

	/**
	 * Ids that match a regular expression are of a type.
	 * @param pattern the expression, matched against the whole id
	 * @param entityType the type
	 * @return the rule
	 */
	static EntityTypeRule regex(Pattern pattern, String entityType) {
		Objects.requireNonNull(pattern, "pattern");
		Objects.requireNonNull(entityType, "entityType");
		return (id) -> pattern.matcher(id).matches() ? entityType : null;
	}

	/**
	 * This rule, else another one.
	 * @param next the rule for the ids this one leaves out
	 * @return the combined rule
	 */
	default EntityTypeRule or(EntityTypeRule next) {
		Objects.requireNonNull(next, "next");
		return (id) -> {
			String type = entityType(id);
			return (type != null) ? type : next.entityType(id);
		};
	}

}
