package io.ego.core.store;

/**
 * A durable-state write did not match the stored revision: another writer wrote first.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class RevisionConflictException extends StoreException {

	private static final long serialVersionUID = 1L;

	private final String persistenceId;

	private final long expectedRevision;

	/**
	 * Creates an exception.
	 * @param persistenceId the entity
	 * @param expectedRevision the revision the writer expected to be stored
	 */
	public RevisionConflictException(String persistenceId, long expectedRevision) {
		super("revision conflict on '" + persistenceId + "': expected stored revision " + expectedRevision);
		this.persistenceId = persistenceId;
		this.expectedRevision = expectedRevision;
	}

	/**
	 * @return the entity whose write conflicted
	 */
	public String persistenceId() {
		return this.persistenceId;
	}

	/**
	 * @return the stored revision the writer expected
	 */
	public long expectedRevision() {
		return this.expectedRevision;
	}

}
