package io.ego.core.projection;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a projection rebuild starts reading the journal.
 *
 * @author eGo team
 * @since 0.1.0
 */
public sealed interface RebuildFrom {

	/**
	 * @return from the first event
	 */
	static RebuildFrom beginning() {
		return new Position(0);
	}

	/**
	 * @param afterPosition the position after which to read again
	 * @return from a position
	 */
	static RebuildFrom position(long afterPosition) {
		return new Position(afterPosition);
	}

	/**
	 * @param time the earliest write time to read again
	 * @return from the first event written at or after a time
	 */
	static RebuildFrom timestamp(Instant time) {
		return new Timestamp(time);
	}

	/**
	 * Re-read the events after a position.
	 *
	 * @param afterPosition the exclusive lower bound, {@code >= 0} and at most the head
	 * of what the projection reads (checked when the rebuild runs)
	 */
	record Position(long afterPosition) implements RebuildFrom {

		/**
		 * Validates the position.
		 * @throws InvalidRebuildPositionException when it is negative
		 */
		public Position {
			if (afterPosition < 0) {
				throw new InvalidRebuildPositionException(
						"cannot rebuild from position " + afterPosition
								+ ": positions are >= 0 (0 rebuilds from the beginning)",
						afterPosition, InvalidRebuildPositionException.UNKNOWN_HEAD);
			}
		}

	}

	/**
	 * Re-read the events written at or after a time.
	 *
	 * @param time the time
	 */
	record Timestamp(Instant time) implements RebuildFrom {

		public Timestamp {
			Objects.requireNonNull(time, "time");
		}

	}

}
