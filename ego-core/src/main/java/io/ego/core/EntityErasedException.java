package io.ego.core;

import java.time.Instant;

/**
 * The command was sent to an entity that was erased ({@link EgoEngine#eraseEntity}) while
 * the engine runs in {@link ErasureMode#REJECT}: nothing was handled or written.
 * Delivered as a {@link CommandReply.Rejected}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EntityErasedException extends CommandRejectedException {

	private static final long serialVersionUID = 1L;

	private final String persistenceId;

	private final Instant erasedAt;

	/**
	 * Creates an exception.
	 * @param persistenceId the erased entity
	 * @param erasedAt when it was erased
	 */
	public EntityErasedException(String persistenceId, Instant erasedAt) {
		super("entity '" + persistenceId + "' was erased at " + erasedAt + "; its commands are rejected");
		this.persistenceId = persistenceId;
		this.erasedAt = erasedAt;
	}

	/**
	 * @return the erased entity's persistence id
	 */
	public String persistenceId() {
		return this.persistenceId;
	}

	/**
	 * @return when the entity was erased
	 */
	public Instant erasedAt() {
		return this.erasedAt;
	}

}
