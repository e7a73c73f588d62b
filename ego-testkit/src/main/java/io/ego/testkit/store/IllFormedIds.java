package io.ego.testkit.store;

import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Identifiers that are not well-formed UTF-16, for the suites' tests that stores compare
 * identifiers exactly: a database stores an unpaired surrogate as a replacement character
 * ({@code ?} on PostgreSQL), so an ill-formed id would write or read the rows of another
 * entity. Stores must reject such an id with an {@link IllegalArgumentException}, on
 * writes and on reads.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class IllFormedIds {

	private IllFormedIds() {
	}

	/**
	 * Returns ill-formed variants of an identifier: an unpaired high surrogate at its
	 * end, an unpaired low surrogate, and a surrogate pair in the wrong order.
	 * @param prefix the well-formed start of each variant
	 * @return the variants
	 */
	static List<String> of(String prefix) {
		return List.of(prefix + "ls-\uD800", prefix + "\uDC00ls", prefix + "ls-\uDE00\uD83D");
	}

	/**
	 * Returns the well-formed identifier that the first variant of {@link #of(String)} is
	 * stored as where a database replaces an unpaired surrogate by {@code ?}: the entity
	 * whose rows an ill-formed read would return.
	 * @param prefix the well-formed start
	 * @return the identifier
	 */
	static String collidingWithTheFirst(String prefix) {
		return prefix + "ls-?";
	}

	/**
	 * Asserts that a store operation rejects an ill-formed identifier.
	 * @param what the operation and the identifier, for the message
	 * @param illFormed the identifier
	 * @param operation the operation
	 */
	static void assertRejected(String what, String illFormed, ThrowingCallable operation) {
		assertThat(catchThrowable(operation)).as("the failure of %s with the ill-formed '%s'", what, escaped(illFormed))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static String escaped(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isSurrogate(c)) {
				out.append(String.format("\\u%04X", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
