package io.ego.store.jdbc;

import io.ego.core.store.Identifiers;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Input checks done before the database is hit, so that a value too long for its column
 * fails with a clear message instead of a driver error (or a silent truncation), and an
 * identifier that is not well-formed UTF-16 fails instead of being stored, or looked up,
 * as another identifier.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Checks {

	/** The length, in characters, of every identifier column ({@code VARCHAR(255)}). */
	static final int MAX_IDENTIFIER_LENGTH = 255;

	private Checks() {
	}

	/**
	 * Checks an identifier that is written: not empty, well-formed UTF-16, at most
	 * {@value #MAX_IDENTIFIER_LENGTH} characters.
	 * @param what what the identifier is, for the message
	 * @param value the identifier
	 * @throws IllegalArgumentException when it is not
	 */
	static void identifier(String what, String value) {
		if (value.isEmpty()) {
			throw new IllegalArgumentException(what + " must not be empty");
		}
		wellFormed(what, value);
		if (value.length() > MAX_IDENTIFIER_LENGTH && value.codePointCount(0, value.length()) > MAX_IDENTIFIER_LENGTH) {
			throw new IllegalArgumentException(
					what + " '" + value.substring(0, 40) + "...' is " + value.codePointCount(0, value.length())
							+ " characters long; the store keeps at most " + MAX_IDENTIFIER_LENGTH);
		}
	}

	/**
	 * Checks an identifier that is looked up: a database stores an unpaired surrogate as
	 * a replacement character, so an ill-formed identifier would match the rows of
	 * another one.
	 * @param what what the identifier is, for the message
	 * @param value the identifier
	 * @throws IllegalArgumentException when it is not well-formed UTF-16
	 */
	static void wellFormed(String what, String value) {
		Identifiers.requireWellFormed(what, value);
	}

	static void optionalIdentifier(String what, @Nullable String value) {
		if (value != null) {
			identifier(what, value);
		}
	}

	static void size(String what, int size, int max) {
		if (size > max) {
			throw new IllegalArgumentException(
					what + " is " + size + " bytes; the store accepts at most " + max + " (max-payload-size)");
		}
	}

	static void slice(int slice) {
		if (slice < 0 || slice >= PersistedEvent.SLICE_COUNT) {
			throw new IllegalArgumentException(
					"slice must be in [0, " + PersistedEvent.SLICE_COUNT + ") but was " + slice);
		}
	}

	static void positive(String what, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(what + " must be positive but was " + value);
		}
	}

}
