package io.ego.core.store;

/**
 * Tells retention how far the journal's registered consumers (projections, publishers)
 * have read, so that it never deletes an event one of them has not handled yet.
 *
 * @author eGo team
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConsumerProgress {

	/** Progress of a journal nobody reads: everything may be deleted. */
	ConsumerProgress NONE = () -> Long.MAX_VALUE;

	/**
	 * Returns the lowest global position every registered consumer has handled;
	 * {@code Long.MAX_VALUE} when there is no consumer, {@code 0} when one has not
	 * handled anything yet.
	 * @return the position up to which events may be deleted
	 */
	long lowestHandledPosition();

	/**
	 * Returns the lowest global position the registered consumers have handled in one
	 * slice: what retention of one entity (whose events all lie in its slice) may delete
	 * up to.
	 * @param slice the slice, {@code 0} to {@link PersistedEvent#SLICE_COUNT}{@code - 1}
	 * @return the position up to which events of the slice may be deleted
	 */
	default long lowestHandledPosition(int slice) {
		return lowestHandledPosition();
	}

}
