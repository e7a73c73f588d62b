package io.ego.core.store;

/**
 * An append did not match the entity's history: another writer appended first (optimistic
 * concurrency).
 *
 * @author eGo team
 * @since 0.1.0
 */
public class AppendConflictException extends StoreException {

	private static final long serialVersionUID = 1L;

	private final String persistenceId;

	private final long expectedSequenceNr;

	/**
	 * Creates an exception.
	 * @param persistenceId the entity
	 * @param expectedSequenceNr the sequence number the writer expected to be the last
	 * @param actualSequenceNr the store's last sequence number, or {@code -1} when
	 * unknown
	 */
	public AppendConflictException(String persistenceId, long expectedSequenceNr, long actualSequenceNr) {
		super("append conflict on '" + persistenceId + "': expected last sequence number " + expectedSequenceNr
				+ (actualSequenceNr >= 0 ? " but the journal is at " + actualSequenceNr : " but it was taken"));
		this.persistenceId = persistenceId;
		this.expectedSequenceNr = expectedSequenceNr;
	}

	/**
	 * @return the entity whose append conflicted
	 */
	public String persistenceId() {
		return this.persistenceId;
	}

	/**
	 * @return the last sequence number the writer expected
	 */
	public long expectedSequenceNr() {
		return this.expectedSequenceNr;
	}

}
