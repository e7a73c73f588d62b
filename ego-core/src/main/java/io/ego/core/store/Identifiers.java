package io.ego.core.store;

import java.util.Locale;

/**
 * Checks shared by the engine and the stores for the identifiers they key data by (entity
 * ids and types, persistence ids, projection names, key ids): an identifier must be
 * well-formed UTF-16, since a lone surrogate is stored as a replacement character by the
 * databases and would then collide with another identifier.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class Identifiers {

	private Identifiers() {
	}

	/**
	 * Returns the index of the first unpaired surrogate in a string.
	 * @param value the string
	 * @return the index, or {@code -1} when the string is well-formed UTF-16
	 */
	public static int unpairedSurrogateAt(String value) {
		for (int i = 0, n = value.length(); i < n; i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
					i++;
					continue;
				}
				return i;
			}
			if (Character.isLowSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Requires a string to be well-formed UTF-16.
	 * @param what what the string is, for the message (e.g. "persistence id")
	 * @param value the string
	 * @throws IllegalArgumentException naming {@code what} and the position of the
	 * unpaired surrogate
	 */
	public static void requireWellFormed(String what, String value) {
		int at = unpairedSurrogateAt(value);
		if (at >= 0) {
			throw new IllegalArgumentException(describe(what, value, at));
		}
	}

	/**
	 * Describes an ill-formed identifier.
	 * @param what what the string is
	 * @param value the string
	 * @param at the index of its unpaired surrogate
	 * @return the message
	 */
	public static String describe(String what, String value, int at) {
		return what + " '" + printable(value) + "' is not well-formed UTF-16: unpaired surrogate U+"
				+ Integer.toHexString(value.charAt(at)).toUpperCase(Locale.ROOT) + " at index " + at;
	}

	private static String printable(String value) {
		StringBuilder out = new StringBuilder(Math.min(value.length(), 64));
		for (int i = 0, n = Math.min(value.length(), 60); i < n; i++) {
			char c = value.charAt(i);
			out.append(Character.isSurrogate(c) || Character.isISOControl(c) ? '?' : c);
		}
		return (value.length() > 60) ? out.append("...").toString() : out.toString();
	}

}
