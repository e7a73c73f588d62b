package io.ego.connector.support;

import org.jspecify.annotations.Nullable;

/**
 * What {@link PendingSends#await} found: how many sends of a batch were not acknowledged
 * in time, and the failure to report (a poison one first).
 *
 * @param awaited how many sends were awaited
 * @param unacknowledged how many of them were still in flight at the deadline
 * @param failure the failure to report, unwrapped, or {@code null} when none failed
 * @author eGo team
 * @since 0.2.0
 */
public record Acknowledgements(int awaited, int unacknowledged, @Nullable Throwable failure) {

	/**
	 * @return whether every send was acknowledged
	 */
	public boolean allAcknowledged() {
		return this.failure == null && this.unacknowledged == 0;
	}

	/**
	 * Throws unless every send was acknowledged.
	 * @param timeout makes the connector's timeout exception
	 * @throws Exception the failure, or the timeout exception when sends were still in
	 * flight
	 */
	public void throwUnlessAllAcknowledged(Timeout timeout) throws Exception {
		if (this.failure != null) {
			throw FailureClassifier.asException(this.failure);
		}
		if (this.unacknowledged > 0) {
			throw timeout.exception(this.unacknowledged, this.awaited);
		}
	}

	/**
	 * Makes the exception a publish throws when not every send was acknowledged in time.
	 */
	@FunctionalInterface
	public interface Timeout {

		/**
		 * @param unacknowledged how many sends were not acknowledged in time
		 * @param awaited how many were awaited
		 * @return the exception
		 */
		Exception exception(int unacknowledged, int awaited);

	}

}
