package io.ego.migration;

import java.time.Instant;

/**
 * The {@code timestamp} columns of eGo for Go: Unix <b>nanoseconds</b> since eGo v4.2.0
 * ({@code time.Now().UnixNano()}), Unix seconds before ({@code time.Now().Unix()}, v3). A
 * journal upgraded in place holds both, so the unit is told per value by its size: below
 * 10<sup>11</sup> seconds (until the year 5138), below 10<sup>14</sup> milliseconds,
 * below 10<sup>17</sup> microseconds, else nanoseconds.
 *
 * @author eGo team
 */
final class GoTimestamps {

	private GoTimestamps() {
	}

	static Instant toInstant(long timestamp) {
		if (timestamp < 0) {
			throw new IllegalArgumentException("negative timestamp " + timestamp);
		}
		if (timestamp < 100_000_000_000L) {
			return Instant.ofEpochSecond(timestamp);
		}
		if (timestamp < 100_000_000_000_000L) {
			return Instant.ofEpochMilli(timestamp);
		}
		if (timestamp < 100_000_000_000_000_000L) {
			return Instant.ofEpochSecond(timestamp / 1_000_000, (timestamp % 1_000_000) * 1_000);
		}
		return Instant.ofEpochSecond(timestamp / 1_000_000_000, timestamp % 1_000_000_000);
	}

}
