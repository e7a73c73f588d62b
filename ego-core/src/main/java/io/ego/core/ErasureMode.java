package io.ego.core;

/**
 * What the engine does with a command to an entity that was erased
 * ({@link EgoEngine#eraseEntity}).
 *
 * @author eGo team
 * @since 0.1.0
 */
public enum ErasureMode {

	/**
	 * Reject it with an {@link EntityErasedException}: the id stays retired. The default.
	 */
	REJECT,

	/**
	 * Start the entity over from its initial state, as if new: its sequence numbers
	 * continue after the erased ones (so the journal never holds two events with one
	 * sequence number) and it gets a new data key.
	 */
	FRESH_HISTORY

}
