package io.ego.core.projection;

/**
 * What a projection does when its handler fails on an event.
 *
 * @author eGo team
 * @since 0.1.0
 */
public enum RecoveryPolicy {

	/**
	 * Stop the projection; its status shows the failure and the offset stays before the
	 * event.
	 */
	FAIL,

	/** Put the event in the dead-letter store and go on. */
	SKIP,

	/** Retry with backoff, then stop the projection. */
	RETRY_AND_FAIL,

	/** Retry with backoff, then put the event in the dead-letter store and go on. */
	RETRY_AND_SKIP

}
